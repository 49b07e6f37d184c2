from fieldcrm.cli import main

raise SystemExit(main())

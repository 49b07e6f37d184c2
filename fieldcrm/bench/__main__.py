"""One bench phase in a fresh interpreter: ``python -m fieldcrm.bench PHASE ARGS``."""

import json
import sys

from fieldcrm.bench import PHASES

print(json.dumps(PHASES[sys.argv[1]](*sys.argv[2:])))

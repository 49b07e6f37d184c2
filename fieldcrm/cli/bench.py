"""``fieldcrm bench``: the arguments (the phases are in fieldcrm/bench/)."""

from __future__ import annotations

from fieldcrm.cli.args import _positive
from fieldcrm.i18n import _


def add_command(commands) -> None:
    bench = commands.add_parser("bench", help=_("measure speed on a large book"),
                                description=_("Build a large book in a temp folder and measure the store."))
    bench.add_argument("--customers", type=_positive, default=10_000, metavar="N")
    bench.add_argument("--interactions", type=_positive, default=100_000, metavar="M")
    bench.add_argument("--purchases", type=_positive, default=20_000, metavar="P")
    bench.add_argument("--saves", type=_positive, default=200, metavar="K", help=_("note saves to time"))
    bench.add_argument("--json", action="store_true", help=_("print one JSON object"))
    bench.add_argument("--no-startup", action="store_true",
                       help=_("skip the start-up timing in a real terminal (needs tmux)"))
    bench.add_argument("--pg", action="store_true",
                       help=_("also time the office on PostgreSQL in a throwaway cluster (needs initdb, pg_ctl)"))
    bench.add_argument("--office", metavar="DSN", default=None,
                       help=_("time the office on an existing PostgreSQL server (postgresql://…), in a schema "
                              "of its own that is dropped afterwards"))
    bench.add_argument("--pg-customers", type=_positive, default=1_000_000, metavar="N",
                       help=_("customers of the synthetic company the PostgreSQL reports run on"))
    bench.add_argument("--team", type=_positive, nargs=3, default=None, metavar=("REPS", "CUSTOMERS", "CHANGES"),
                       help=_("the team office: reps, customers of each, changes of each in a day "
                              "(default 50 500 500)"))
    bench.add_argument("--team-large", type=_positive, nargs="*", default=None,
                       metavar="N", help=_("also time 500 reps × 500 changes, 50 customers each "
                                           "(a minute more; or give REPS CUSTOMERS CHANGES)"))

"""The office's tables in PostgreSQL.

``version`` is the source of truth: every change the office accepted, one row
per field (a creation is one row, field ``*``, holding all its fields), never
updated or deleted. Inserting is a set union (``ON CONFLICT DO NOTHING``);
stamps compare as bytes (``COLLATE "C"``), the way Python compares them.
``seq`` is the office's log position, taken from the one-row ``office``
counter while holding the merge lock, so positions commit in order and a file
rolled back leaves no gap.

``doc`` holds each record's document exactly as the TinyDB office book would
(derived by ``merge.apply`` from the versions, per touched record); the
``cur_*`` tables are typed copies for reports, with row-level security.
"""

from __future__ import annotations

from psycopg.types.json import Jsonb

SCHEMA = 1
MERGE_LOCK = 0x6669656C  # pg_advisory_xact_lock key: one merge (or office write) at a time
READERS = "fieldcrm_readers"  # every rep's and manager's role is a member

TABLES_SQL = r"""
CREATE TABLE IF NOT EXISTS meta (key text PRIMARY KEY, value jsonb NOT NULL);
CREATE TABLE IF NOT EXISTS office (one boolean PRIMARY KEY DEFAULT true CHECK (one),
                                   position bigint NOT NULL DEFAULT 0);
INSERT INTO office VALUES (true, 0) ON CONFLICT DO NOTHING;
-- How far the documents are derived (a merge writes them after its files: merge_files.py).
ALTER TABLE office ADD COLUMN IF NOT EXISTS derived bigint;
UPDATE office SET derived = position WHERE derived IS NULL;

CREATE TABLE IF NOT EXISTS rep (
  rep_id text PRIMARY KEY, name text NOT NULL, active boolean NOT NULL DEFAULT true,
  manager_id text REFERENCES rep, db_role name UNIQUE);
CREATE TABLE IF NOT EXISTS replica (               -- one per laptop; facts may precede the roster
  replica text COLLATE "C" PRIMARY KEY, rep_id text REFERENCES rep, ord int NOT NULL DEFAULT 0,
  confirmed bigint, acked text COLLATE "C");
CREATE TABLE IF NOT EXISTS sync_file (
  export_id text PRIMARY KEY, replica text COLLATE "C" NOT NULL, kind text NOT NULL, header jsonb NOT NULL,
  new_changes int NOT NULL, received timestamptz NOT NULL DEFAULT now());

CREATE TABLE IF NOT EXISTS version (
  tbl text NOT NULL, rec_id text NOT NULL, field text NOT NULL,
  stamp text COLLATE "C" NOT NULL, value jsonb NOT NULL,
  bases text[] COLLATE "C",                        -- NULL for a creation
  was text COLLATE "C",                            -- the original of a clamped stamp
  seq bigint NOT NULL,
  PRIMARY KEY (tbl, rec_id, field, stamp));
CREATE INDEX IF NOT EXISTS version_seq ON version (seq);

CREATE TABLE IF NOT EXISTS doc (
  tbl text NOT NULL, rec_id text NOT NULL, doc json NOT NULL,     -- read whole by Python: json, not parsed into jsonb
  link text NOT NULL DEFAULT '',                   -- customer_id / referrer_id / subject
  born bigint NOT NULL, seq bigint NOT NULL,       -- first and last position that touched it
  PRIMARY KEY (tbl, rec_id));
-- no index on doc.seq: what changed since a position is found through version (seq), and a
-- document rewritten by a merge can then stay on its page (a HOT update) without index work.
DROP INDEX IF EXISTS doc_seq, doc_link, doc_born;  -- read whole, never probed: not worth their writes

CREATE TABLE IF NOT EXISTS out_of_scope (
  tbl text NOT NULL, rec_id text NOT NULL, stamp text COLLATE "C" NOT NULL, fields text[] NOT NULL,
  sender text NOT NULL, owner text NOT NULL, customer_id text NOT NULL, export_id text NOT NULL,
  seq bigint NOT NULL, PRIMARY KEY (tbl, rec_id, stamp));

-- kept current by every merge, for reports
CREATE TABLE IF NOT EXISTS cur_customer (
  id text PRIMARY KEY, name text NOT NULL, area text NOT NULL, rep_id text NOT NULL,
  owner text NOT NULL, creator text COLLATE "C" NOT NULL, deleted boolean NOT NULL);
CREATE INDEX IF NOT EXISTS cur_customer_rep ON cur_customer (rep_id);
CREATE TABLE IF NOT EXISTS cur_interaction (
  id text PRIMARY KEY, customer_id text NOT NULL, rep_id text NOT NULL, author text NOT NULL,
  creator text COLLATE "C" NOT NULL, kind text NOT NULL, at text NOT NULL, deleted boolean NOT NULL);
DROP INDEX IF EXISTS cur_interaction_customer;  -- no report looks a customer's notes up: not worth its writes
CREATE INDEX IF NOT EXISTS cur_interaction_rep_at ON cur_interaction (rep_id, at);
"""

SECURITY_SQL = r"""
DO $$ BEGIN
  IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{readers}') THEN CREATE ROLE {readers} NOLOGIN; END IF;
END $$;
-- The reps a role may see: its own rep and, through manager_id, the whole team below it.
-- An array, read through a scalar subquery in the policies: computed once per query, not per row.
DROP POLICY IF EXISTS own_or_team ON cur_customer;
DROP POLICY IF EXISTS own_or_team ON cur_interaction;
DROP FUNCTION IF EXISTS visible_reps(text);
CREATE OR REPLACE FUNCTION visible_reps(who text) RETURNS text[]
LANGUAGE sql STABLE SECURITY DEFINER SET search_path = {schema} AS $$
  WITH RECURSIVE team AS (SELECT rep_id FROM rep WHERE db_role = who
                          UNION SELECT r.rep_id FROM rep r JOIN team t ON r.manager_id = t.rep_id)
  SELECT coalesce(array_agg(rep_id), '{{}}') FROM team $$;
ALTER TABLE cur_customer ENABLE ROW LEVEL SECURITY;
ALTER TABLE cur_interaction ENABLE ROW LEVEL SECURITY;
DROP POLICY IF EXISTS own_or_team ON cur_customer;
CREATE POLICY own_or_team ON cur_customer FOR SELECT
  USING (rep_id = ANY ((SELECT visible_reps(current_user::text))::text[]));
DROP POLICY IF EXISTS own_or_team ON cur_interaction;  -- a note counts for the rep (and team) who wrote it
CREATE POLICY own_or_team ON cur_interaction FOR SELECT
  USING (rep_id = ANY ((SELECT visible_reps(current_user::text))::text[]));
GRANT USAGE ON SCHEMA {schema} TO {readers};
GRANT SELECT ON cur_customer, cur_interaction TO {readers};
GRANT SELECT (rep_id, name) ON rep TO {readers};  -- reports name the reps
GRANT EXECUTE ON FUNCTION visible_reps(text) TO {readers};
"""

# The manager's reports: plain SQL over the cur_* tables (row-level security applies to readers).
# ``{since}``: the first day counted, a parameter here and today's date less 30 days in the views.
REPORTS = {
    "customers": ("Customers per rep",
                  "SELECT coalesce(r.name, c.rep_id) AS rep, count(*) AS customers FROM cur_customer c "
                  "LEFT JOIN rep r USING (rep_id) WHERE NOT c.deleted GROUP BY 1 ORDER BY 2 DESC, 1"),
    "visits": ("Visits per rep, last 30 days",
               "SELECT coalesce(r.name, i.rep_id) AS rep, count(*) AS visits FROM cur_interaction i "
               "LEFT JOIN rep r USING (rep_id) WHERE NOT i.deleted AND i.kind = 'visit' "
               "AND i.at >= {since} GROUP BY 1 ORDER BY 2 DESC, 1"),
}


def report_query(name: str) -> str:
    """A report with its first day as a parameter (``%(since)s``)."""
    return REPORTS[name][1].format(since="%(since)s")


# The same reports as views, for a manager's own tools (psql, a spreadsheet, a BI tool): each reads
# with its reader's rights (security_invoker), so row-level security still shows them their team only.
VIEW_SINCE = "to_char(current_date - 30, 'YYYY-MM-DD')"
VIEWS_SQL = "".join(
    f"CREATE OR REPLACE VIEW report_{name} WITH (security_invoker = true) AS {query.format(since=VIEW_SINCE)};\n"
    f"GRANT SELECT ON report_{name} TO {{readers}};\n"
    for name, (_title, query) in REPORTS.items())


def holds_office(conn) -> bool:
    """Has an office been started in this database (its meta table holds the office's replica id)?"""
    if conn.execute("SELECT to_regclass('meta')").fetchone()[0] is None:
        return False
    return conn.execute("SELECT 1 FROM meta WHERE key = 'replica'").fetchone() is not None


def ensure(conn, waiting=None) -> None:
    """Create what is missing (idempotent); one transaction, under the merge lock. ``waiting(holder)``
    is told first when another command holds the lock (``lock_holder``), then this one waits for it."""
    with conn.transaction():
        if waiting is None or not conn.execute("SELECT pg_try_advisory_xact_lock(%s)", (MERGE_LOCK,)).fetchone()[0]:
            if waiting is not None:
                waiting(lock_holder(conn))
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MERGE_LOCK,))
        conn.execute(TABLES_SQL)
        schema = conn.execute("SELECT current_schema()").fetchone()[0]
        conn.execute(SECURITY_SQL.format(readers=READERS, schema=_ident(schema)))
        conn.execute(VIEWS_SQL.format(readers=READERS))
        conn.execute("INSERT INTO meta VALUES ('schema', %s) ON CONFLICT (key) DO NOTHING", (Jsonb(SCHEMA),))


def lock_holder(conn) -> tuple[int, str, str] | None:
    """(server process, client address, since when) of the session holding the merge lock, if any.
    A bigint advisory key shows in ``pg_locks`` as its high and low halves (classid, objid)."""
    return conn.execute(
        "SELECT a.pid, coalesce(host(a.client_addr), 'this server'), to_char(a.backend_start, 'YYYY-MM-DD HH24:MI') "
        "FROM pg_locks l JOIN pg_stat_activity a ON a.pid = l.pid WHERE l.locktype = 'advisory' AND l.granted "
        "AND l.database = (SELECT oid FROM pg_database WHERE datname = current_database()) "
        "AND l.classid = %s::oid AND l.objid = %s::oid AND l.objsubid = 1 LIMIT 1",
        (MERGE_LOCK >> 32, MERGE_LOCK & 0xFFFFFFFF)).fetchone()


def _ident(name: str) -> str:
    return '"' + name.replace('"', '""') + '"'

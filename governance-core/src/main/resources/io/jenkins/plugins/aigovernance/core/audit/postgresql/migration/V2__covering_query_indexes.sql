-- Indexes that answer the change queries (docs/audit.md#performance) from the index alone, without visiting the
-- table: the rows of one time window lie all over the table (events arrive from many streams, and late), so a
-- plan that fetches each matching row from the heap reads most of the table's pages at 1,000,000 events.
-- Index-only scans need the visibility map, which (auto)vacuum keeps: PostgreSQL 13 and later also vacuum
-- append-only tables (autovacuum_vacuum_insert_threshold). Building them locks out appends for the duration
-- (appenders wait; measured: about a minute at 1,000,000 events on a 2-core machine).

-- The selection: change events inside a time window, with what the touches filter reads.
CREATE INDEX audit_records_window ON audit_records (time_ms)
    INCLUDE (fingerprint, touches)
    WHERE fingerprint IS NOT NULL;

-- The incident question selects deployments and rollbacks in a window: a fifth of the events.
CREATE INDEX audit_records_deployments ON audit_records (time_ms)
    INCLUDE (fingerprint, touches, agent, actor)
    WHERE fingerprint IS NOT NULL AND type IN ('deployment-done', 'rollback');

-- The agent and actor filters, covering the fingerprint; partial: most events name no agent.
CREATE INDEX audit_records_agent_window ON audit_records (agent, time_ms) INCLUDE (fingerprint) WHERE agent IS NOT NULL;
DROP INDEX audit_records_agent;
CREATE INDEX audit_records_actor_window ON audit_records (actor, time_ms) INCLUDE (fingerprint, type) WHERE actor IS NOT NULL;
DROP INDEX audit_records_actor;

-- Every event of the selected changes, with the columns a change summary folds: replaces the V1 index on
-- (fingerprint, time_ms), which needed a visit to the table per event.
CREATE INDEX audit_records_change ON audit_records (fingerprint text_pattern_ops, time_ms, stream, seq)
    INCLUDE (type, repository, commit_id, build, actor, agent, tier, source, touches);
DROP INDEX audit_records_fingerprint;

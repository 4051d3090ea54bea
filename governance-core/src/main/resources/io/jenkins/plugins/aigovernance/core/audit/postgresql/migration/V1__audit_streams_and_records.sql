-- The PostgreSQL audit store (docs/audit.md#postgresql): one hash chain per stream.
-- audit_streams holds each chain's head; an appender locks its stream's row (FOR UPDATE), so writers of
-- different streams never wait for one another, and the primary key (stream, seq) refuses a fork.
CREATE TABLE audit_streams (
    stream     text        PRIMARY KEY,
    last_seq   bigint      NOT NULL CHECK (last_seq >= 0),
    last_hash  char(64)    NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- One row per record. "record" is the record's canonical line, exactly as the file log stores it
-- (what the hash and signature cover); the other columns are copies of its fields for the indexes,
-- and verify checks that they agree with it.
CREATE TABLE audit_records (
    stream      text     NOT NULL REFERENCES audit_streams (stream),
    seq         bigint   NOT NULL CHECK (seq >= 1),
    prev_hash   char(64) NOT NULL,
    hash        char(64) NOT NULL,
    sig         text,
    record      text     NOT NULL,
    event_id    text     NOT NULL,
    type        text     NOT NULL,
    time_ms     bigint   NOT NULL,
    fingerprint text,
    repository  text,
    commit_id   text,
    build       text,
    actor       text,
    agent       text,
    outcome     text,
    tier        smallint,
    source      smallint,
    touches     text[]   NOT NULL DEFAULT '{}',
    PRIMARY KEY (stream, seq)
);

CREATE INDEX audit_records_time ON audit_records (time_ms);
CREATE INDEX audit_records_fingerprint ON audit_records (fingerprint text_pattern_ops, time_ms);
CREATE INDEX audit_records_agent ON audit_records (agent, time_ms);
CREATE INDEX audit_records_actor ON audit_records (actor, time_ms);
CREATE INDEX audit_records_commit ON audit_records (commit_id text_pattern_ops);
CREATE INDEX audit_records_tier ON audit_records (tier, time_ms);
CREATE INDEX audit_records_touches ON audit_records USING gin (touches);
CREATE INDEX audit_records_event_id ON audit_records (event_id);

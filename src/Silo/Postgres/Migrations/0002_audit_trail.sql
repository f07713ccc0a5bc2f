-- Append-only audit trail (ARCHITECTURE "Audit trail"). One hash chain per retention category so
-- that a category's oldest segments can be purged without breaking the others' chains.
-- Rows never hold content: who, what object, which action, outcome, when, from where.

CREATE TABLE audit_segment (
  category     smallint NOT NULL,
  segment_no   integer  NOT NULL,
  prev_head    bytea    NOT NULL,          -- head of the previous segment (zeros for the first)
  first_seq    bigint   NOT NULL,
  last_seq     bigint   NOT NULL,          -- first_seq - 1 while empty
  head         bytea    NOT NULL,          -- hash of the last event (prev_head while empty)
  signer_key   text     NOT NULL,          -- id of the Ed25519 key that signed this head
  signature    bytea    NOT NULL,
  updated_at   timestamptz NOT NULL DEFAULT now(),
  PRIMARY KEY (category, segment_no)
);

CREATE TABLE audit_event (
  category     smallint NOT NULL,
  seq          bigint   NOT NULL,
  segment_no   integer  NOT NULL,
  event_id     uuid     NOT NULL UNIQUE,     -- set by the writer: recording the same event twice keeps one
  occurred_at  timestamptz NOT NULL,
  actor        text     NOT NULL,
  acting_for   text,
  action       text     NOT NULL,
  object_type  text     NOT NULL,
  object_id    text     NOT NULL,
  outcome      smallint NOT NULL,
  ip_address   text,
  user_agent   text,
  hash         bytea    NOT NULL,
  PRIMARY KEY (category, seq),
  FOREIGN KEY (category, segment_no) REFERENCES audit_segment (category, segment_no)
);
CREATE INDEX audit_event_by_object ON audit_event (object_type, object_id, occurred_at);
CREATE INDEX audit_event_by_actor ON audit_event (actor, occurred_at);

-- The application role may append and read; rewriting history is refused by the database too.
CREATE FUNCTION audit_event_is_append_only() RETURNS trigger LANGUAGE plpgsql AS $fn$
BEGIN
  RAISE EXCEPTION 'audit_event is append-only (% refused)', TG_OP;
END
$fn$;
CREATE TRIGGER audit_event_no_update BEFORE UPDATE ON audit_event
  FOR EACH ROW EXECUTE FUNCTION audit_event_is_append_only();

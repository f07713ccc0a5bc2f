-- Technical data — the client's address and user agent — is kept 6 months (SPEC), while the functional chain
-- it was written into is kept 10 years. It moves to its own table, purged at 6 months; the chain binds a keyed
-- digest of it instead (audit_event.technical_digest), whose key is stored with the data and deleted with it.
CREATE TABLE audit_technical (
  event_id     uuid PRIMARY KEY,
  occurred_at  timestamptz NOT NULL,
  digest_key   bytea,          -- NULL for events chained before this migration: their hash covers the values themselves
  ip_address   text,
  user_agent   text
);
CREATE INDEX audit_technical_by_time ON audit_technical (occurred_at);

ALTER TABLE audit_event ADD COLUMN technical_digest bytea;

-- Events chained before keep verifying through their values, for as long as those are kept. Every one of them
-- gets a row (nulls included), so that a missing row means "purged", which the verifier allows only past 6 months.
INSERT INTO audit_technical (event_id, occurred_at, digest_key, ip_address, user_agent)
  SELECT event_id, occurred_at, NULL, ip_address, user_agent FROM audit_event;

ALTER TABLE audit_event DROP COLUMN ip_address, DROP COLUMN user_agent;

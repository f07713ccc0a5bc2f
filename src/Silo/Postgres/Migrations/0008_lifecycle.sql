-- Structured, content-free facts some audit events carry (a deletion certificate, a trace purge
-- record). Part of the hash chain when present.
ALTER TABLE audit_event ADD COLUMN detail text;

-- Lookups of the audit viewer: by action (e.g. every read of one consultation) and by time.
CREATE INDEX audit_event_by_time ON audit_event (occurred_at);

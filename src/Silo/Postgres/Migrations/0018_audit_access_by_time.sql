-- The unusual-access scan (Compliance/UnusualAccessDetector) counts the access events of the last hours. Through
-- audit_event_by_time it read every event of those hours — mostly functional ones, a message's among them — and
-- under load each scan took a few hundred ms of both cores and set the hint bits of the pages it passed (written again
-- later; issue 16: 409 ms and 420,000 buffers for 362,000 events, against 44 ms and 30,000 with this index). Only the
-- access category is indexed here, so a message's insert does not pay for it.
CREATE INDEX audit_event_access_by_time ON audit_event (occurred_at) WHERE category = 1;

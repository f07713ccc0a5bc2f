-- Unusual-access flags raised by the detector (SPEC "Unusual access"): who, which rule, which
-- window, how much against which threshold. Metadata only; one flag per account, rule and window.
CREATE TABLE access_flag (
  id            uuid        PRIMARY KEY,
  practitioner  uuid        NOT NULL,
  rule          smallint    NOT NULL,
  window_start  timestamptz NOT NULL,
  observed      integer     NOT NULL,
  threshold     integer     NOT NULL,
  raised_at     timestamptz NOT NULL,
  UNIQUE (practitioner, rule, window_start)
);
CREATE INDEX access_flag_by_time ON access_flag (raised_at);

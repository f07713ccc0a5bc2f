-- Shared mailboxes (issue 18): organisational and applicative mailboxes have an address of their structure, and readers
-- the structure's administrators grant (kept here so that a practitioner's webmail finds the mailboxes it may open; the
-- mailbox's grain decides). A message for a shared mailbox has its key sealed to a version of the mailbox's ring.
ALTER TABLE mail_address ADD COLUMN kind smallint NOT NULL DEFAULT 0, ADD COLUMN structure_id uuid;
CREATE INDEX mail_address_structure ON mail_address (structure_id) WHERE structure_id IS NOT NULL;

CREATE TABLE mail_reader (
  mailbox_id      uuid NOT NULL,
  practitioner_id uuid NOT NULL,
  PRIMARY KEY (mailbox_id, practitioner_id)
);
CREATE INDEX mail_reader_practitioner ON mail_reader (practitioner_id);

ALTER TABLE mail_item ADD COLUMN key_version integer NOT NULL DEFAULT 0;

-- A reader's flag on a message (to follow up).
ALTER TABLE mail_item ADD COLUMN flagged boolean NOT NULL DEFAULT false;

-- Secure mailboxes (issue 18): each message a mailbox holds, encrypted under its own key, that key sealed to the
-- mailbox's holder. Folder, seen, sender, arrival, size and the number of attachments are what a list shows; the
-- subject, body, recipients and attachments are inside the ciphertext only.
CREATE TABLE mail_item (
  mailbox_id   uuid        NOT NULL,
  seq          bigint      NOT NULL CHECK (seq > 0),
  message_id   uuid        NOT NULL,
  folder       smallint    NOT NULL,
  seen         boolean     NOT NULL DEFAULT false,
  sender_id    uuid,
  received_at  timestamptz NOT NULL,
  size         integer     NOT NULL,
  attachments  smallint    NOT NULL DEFAULT 0,
  sealed_key   bytea       NOT NULL,
  ciphertext   bytea       NOT NULL,
  PRIMARY KEY (mailbox_id, seq),
  UNIQUE (mailbox_id, message_id)
);
CREATE INDEX mail_item_folder ON mail_item (mailbox_id, folder, seq DESC);
CREATE INDEX mail_item_message ON mail_item (message_id);

-- Each mailbox's address, claimed once: two practitioners with the same names get firstname.lastname and
-- firstname.lastname2 (an address never moves to another mailbox).
CREATE TABLE mail_address (
  address    text PRIMARY KEY,
  mailbox_id uuid NOT NULL UNIQUE
);

-- Encrypted items of consultations, conversations and mailboxes: ciphertext only, append-only,
-- keyed by owner and sequence (the sequence is bound into each ciphertext's associated data).
CREATE TABLE encrypted_item (
  owner_id    uuid        NOT NULL,
  seq         bigint      NOT NULL CHECK (seq > 0),
  epoch       integer     NOT NULL CHECK (epoch > 0),
  ciphertext  bytea       NOT NULL,
  posted_at   timestamptz NOT NULL,
  PRIMARY KEY (owner_id, seq)
);

-- Who wrote each item (a practitioner id: metadata, not health data), and deletion by its author:
-- the ciphertext is erased, the row stays as a tombstone so sequence numbers keep their meaning.
ALTER TABLE encrypted_item ADD COLUMN author_id uuid;
ALTER TABLE encrypted_item ADD COLUMN deleted_at timestamptz;

-- The inbox: one row per consultation with its parties, status and dates. No health data.
CREATE TABLE consultation_index (
  consultation_id       uuid        PRIMARY KEY,
  status                smallint    NOT NULL,
  requester_id          uuid        NOT NULL,
  required_practitioner uuid,
  required_group        uuid,
  accepted_by           uuid,
  updated_at            timestamptz NOT NULL,
  requested_at          timestamptz,
  answered_at           timestamptz,
  act_code              text
);
CREATE INDEX consultation_index_requester ON consultation_index (requester_id, updated_at DESC);
CREATE INDEX consultation_index_required ON consultation_index (required_practitioner, updated_at DESC) WHERE required_practitioner IS NOT NULL;
CREATE INDEX consultation_index_group ON consultation_index (required_group, updated_at DESC) WHERE required_group IS NOT NULL;

-- Encrypted attachments: the AttachmentCipher stream of each file in chunks, keyed by owner and file.
CREATE TABLE attachment_chunk (
  owner_id    uuid    NOT NULL,
  file_id     uuid    NOT NULL,
  chunk_index integer NOT NULL CHECK (chunk_index >= 0),
  data        bytea   NOT NULL,
  PRIMARY KEY (owner_id, file_id, chunk_index)
);

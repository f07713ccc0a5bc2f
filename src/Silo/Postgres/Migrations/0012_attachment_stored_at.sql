-- When each attachment file was stored: a discussion's expiry (30 days) deletes the files stored on the days it
-- destroys, whose keys went with the messages (the server cannot read which message names which file).
ALTER TABLE attachment_chunk ADD COLUMN stored_at timestamptz NOT NULL DEFAULT now();
CREATE INDEX attachment_chunk_stored_at ON attachment_chunk (owner_id, stored_at);

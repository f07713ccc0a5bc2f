-- When each ended consultation will be crypto-shredded (its retention), so inboxes can warn the
-- requester in the app as well as by email. A date, no content.
ALTER TABLE consultation_index ADD COLUMN destroy_at timestamptz;

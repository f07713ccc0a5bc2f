-- Statistics for structure administrators and the operator (issue 22): besides the inbox's parties, status and dates,
-- the billing status and when the 5-day reminder went out. Still metadata only: no health data, no names.
ALTER TABLE consultation_index ADD COLUMN billing smallint NOT NULL DEFAULT 0;
ALTER TABLE consultation_index ADD COLUMN reminded_at timestamptz;
CREATE INDEX consultation_index_requested_at ON consultation_index (requested_at) WHERE requested_at IS NOT NULL;
CREATE INDEX directory_entry_structure ON directory_entry (structure_id) WHERE structure_id IS NOT NULL;

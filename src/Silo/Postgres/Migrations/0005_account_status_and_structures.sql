-- Account status in the directory read model (administrators list pending accounts of their
-- structures), and the list of structures a registration form offers.
ALTER TABLE directory_entry ADD COLUMN status text;
CREATE INDEX directory_entry_pending ON directory_entry (structure_id) WHERE status = 'Pending';

CREATE TABLE structure_entry (
  id      uuid PRIMARY KEY,
  name    text NOT NULL,
  finess  text NOT NULL,
  city    text NOT NULL
);

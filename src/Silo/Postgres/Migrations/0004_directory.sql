-- The directory read model (kept by the grains) and the uniqueness of account emails and
-- RPPS/ADELI numbers. search_key is the name lower-cased without accents, computed by the writer.
CREATE TABLE directory_entry (
  id             uuid     PRIMARY KEY,
  kind           smallint NOT NULL,
  name           text     NOT NULL,
  search_key     text     NOT NULL,
  profession     text,
  specialty      text,
  structure_id   uuid,
  structure_name text,
  city           text,
  phone          text,
  identifier     text,
  listed         boolean  NOT NULL,
  updated_at     timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX directory_entry_listed_name ON directory_entry (kind, search_key) WHERE listed;

CREATE TABLE account_claim (
  kind            text NOT NULL,          -- 'email' or 'identifier'
  value           text NOT NULL,
  practitioner_id uuid NOT NULL,
  PRIMARY KEY (kind, value)
);

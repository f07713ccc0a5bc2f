-- A client-generated id per item: a send retried after a lost acknowledgement is stored once.
ALTER TABLE encrypted_item ADD COLUMN client_id uuid;
CREATE UNIQUE INDEX encrypted_item_client_id ON encrypted_item (owner_id, client_id) WHERE client_id IS NOT NULL;

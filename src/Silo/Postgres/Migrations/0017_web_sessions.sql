-- Web nodes are interchangeable (issue 23): every node serves every logged-in user.
-- A session's private key is kept sealed under a secret that only the user's cookie carries (docs/security.md,
-- "Sessions"): this table alone opens nothing. A row's deletion ends the session for every node.
CREATE TABLE web_session (
    session_id   uuid PRIMARY KEY,
    practitioner uuid NOT NULL,
    public_key   bytea NOT NULL,
    sealed_key   bytea NOT NULL,
    opened_at    timestamptz NOT NULL,
    expires_at   timestamptz NOT NULL,
    device       text
);
CREATE INDEX web_session_practitioner ON web_session (practitioner);
CREATE INDEX web_session_expires_at ON web_session (expires_at);

-- The key ring that protects cookies, shared by the web nodes; each key's XML is encrypted with the key-ring
-- secret, a file outside the database (Web:KeyRingSecretPath).
CREATE TABLE web_key_ring (
    name       text PRIMARY KEY,
    sealed_xml bytea NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

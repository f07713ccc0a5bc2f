-- The knowledge base's published cases (issue 19): anonymised text and pseudonymised metadata only (no practitioner,
-- patient or consultation id). It is the PostgreSQL index (full-text search, French stemming without accents) and the
-- record the Elasticsearch index is rebuilt from (./collab knowledge reindex).
CREATE EXTENSION IF NOT EXISTS unaccent;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'collab_french') THEN
        CREATE TEXT SEARCH CONFIGURATION collab_french (COPY = french);
        ALTER TEXT SEARCH CONFIGURATION collab_french
            ALTER MAPPING FOR hword, hword_part, word WITH unaccent, french_stem;
    END IF;
END
$$;

CREATE TABLE knowledge_document (
    id text PRIMARY KEY,
    document jsonb NOT NULL,
    specialty text NOT NULL,
    icd_codes text[] NOT NULL,
    icd_chapters text[] NOT NULL,
    age_band text NOT NULL,
    sex text NOT NULL,
    year integer NOT NULL,
    published_at timestamptz NOT NULL,
    search tsvector NOT NULL
);

CREATE INDEX knowledge_document_search ON knowledge_document USING gin (search);
CREATE INDEX knowledge_document_codes ON knowledge_document USING gin (icd_codes);
CREATE INDEX knowledge_document_chapters ON knowledge_document USING gin (icd_chapters);
CREATE INDEX knowledge_document_specialty ON knowledge_document (specialty, published_at DESC);
CREATE INDEX knowledge_document_published ON knowledge_document (published_at DESC);

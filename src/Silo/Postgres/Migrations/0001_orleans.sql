-- Orleans 10.4.2 ADO.NET contract: the providers read their SQL from orleans_query at start-up
-- ("SELECT QueryKey, QueryText FROM OrleansQuery" is fixed by Orleans, hence that table's name).
-- Our tables use snake_case; each query aliases its result columns to the names Orleans reads.
-- Every parameter is cast explicitly: Orleans binds nulls without a type.

CREATE TABLE OrleansQuery (
  QueryKey  varchar(64) PRIMARY KEY,
  QueryText text NOT NULL
);

---------------------------------------------------------------------------------------------------
-- Clustering
---------------------------------------------------------------------------------------------------
CREATE TABLE orleans_membership_version (
  deployment_id text PRIMARY KEY,
  version       integer NOT NULL DEFAULT 0,
  updated_at    timestamptz NOT NULL DEFAULT now()
);

CREATE TABLE orleans_membership (
  deployment_id   text NOT NULL REFERENCES orleans_membership_version (deployment_id) ON DELETE CASCADE,
  address         text NOT NULL,
  port            integer NOT NULL,
  generation      integer NOT NULL,
  silo_name       text NOT NULL,
  host_name       text NOT NULL,
  status          integer NOT NULL,
  proxy_port      integer,
  suspect_times   text,
  start_time      timestamptz NOT NULL,
  i_am_alive_time timestamptz NOT NULL,
  PRIMARY KEY (deployment_id, address, port, generation)
);

-- Insert and update must bump the table version atomically with the row change, and only when
-- the caller saw the current version (Orleans' optimistic concurrency on the membership table).
-- Locking the version row first serialises concurrent writers of one deployment.
CREATE FUNCTION orleans_membership_insert(
  p_deployment_id text, p_address text, p_port integer, p_generation integer,
  p_silo_name text, p_host_name text, p_status integer, p_proxy_port integer,
  p_start_time timestamptz, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM 1 FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version FOR UPDATE;
  IF NOT FOUND THEN RETURN false; END IF;
  PERFORM 1 FROM orleans_membership
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
  IF FOUND THEN RETURN false; END IF;
  INSERT INTO orleans_membership (deployment_id, address, port, generation, silo_name, host_name,
                                  status, proxy_port, start_time, i_am_alive_time)
  VALUES (p_deployment_id, p_address, p_port, p_generation, p_silo_name, p_host_name,
          p_status, p_proxy_port, p_start_time, p_i_am_alive_time);
  UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
    WHERE deployment_id = p_deployment_id;
  RETURN true;
END
$fn$;

CREATE FUNCTION orleans_membership_update(
  p_deployment_id text, p_address text, p_port integer, p_generation integer,
  p_status integer, p_suspect_times text, p_i_am_alive_time timestamptz, p_version integer)
RETURNS boolean LANGUAGE plpgsql AS $fn$
BEGIN
  PERFORM 1 FROM orleans_membership_version
    WHERE deployment_id = p_deployment_id AND version = p_version FOR UPDATE;
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE orleans_membership
    SET status = p_status, suspect_times = p_suspect_times, i_am_alive_time = p_i_am_alive_time
    WHERE deployment_id = p_deployment_id AND address = p_address AND port = p_port AND generation = p_generation;
  IF NOT FOUND THEN RETURN false; END IF;
  UPDATE orleans_membership_version SET version = version + 1, updated_at = now()
    WHERE deployment_id = p_deployment_id;
  RETURN true;
END
$fn$;

---------------------------------------------------------------------------------------------------
-- Grain persistence
---------------------------------------------------------------------------------------------------
CREATE TABLE orleans_grain_state (
  service_id      text NOT NULL,
  grain_type      text NOT NULL,
  grain_type_hash integer NOT NULL,
  grain_id_hash   integer NOT NULL,
  grain_id_n0     bigint NOT NULL,
  grain_id_n1     bigint NOT NULL,
  grain_id_ext    text,
  payload         bytea,
  version         integer NOT NULL,
  modified_at     timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX orleans_grain_state_key
  ON orleans_grain_state (grain_id_hash, grain_type_hash, service_id, grain_type, grain_id_n0, grain_id_n1, coalesce(grain_id_ext, ''));

---------------------------------------------------------------------------------------------------
-- Reminders
---------------------------------------------------------------------------------------------------
CREATE TABLE orleans_reminder (
  service_id    text NOT NULL,
  grain_id      text NOT NULL,
  reminder_name text NOT NULL,
  start_time    timestamptz NOT NULL,
  period        bigint NOT NULL,
  grain_hash    integer NOT NULL,
  version       integer NOT NULL,
  PRIMARY KEY (service_id, grain_id, reminder_name)
);
CREATE INDEX orleans_reminder_by_hash ON orleans_reminder (service_id, grain_hash);

---------------------------------------------------------------------------------------------------
-- The queries
---------------------------------------------------------------------------------------------------
INSERT INTO OrleansQuery (QueryKey, QueryText) VALUES

('InsertMembershipVersionKey', $q$
WITH inserted AS (
  INSERT INTO orleans_membership_version (deployment_id) VALUES (CAST(@DeploymentId AS text))
  ON CONFLICT DO NOTHING RETURNING 1)
SELECT count(*) > 0 FROM inserted
$q$),

('MembershipReadAllKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),

('MembershipReadRowKey', $q$
SELECT v.version AS "Version", m.address AS "Address", m.port AS "Port", m.generation AS "Generation",
       m.silo_name AS "SiloName", m.host_name AS "HostName", m.status AS "Status",
       m.proxy_port AS "ProxyPort", m.suspect_times AS "SuspectTimes",
       m.start_time AS "StartTime", m.i_am_alive_time AS "IAmAliveTime"
FROM orleans_membership_version v
LEFT JOIN orleans_membership m ON m.deployment_id = v.deployment_id
  AND m.address = CAST(@Address AS text) AND m.port = CAST(@Port AS integer)
  AND m.generation = CAST(@Generation AS integer)
WHERE v.deployment_id = CAST(@DeploymentId AS text)
$q$),

('InsertMembershipKey', $q$
SELECT orleans_membership_insert(CAST(@DeploymentId AS text), CAST(@Address AS text), CAST(@Port AS integer),
  CAST(@Generation AS integer), CAST(@SiloName AS text), CAST(@HostName AS text), CAST(@Status AS integer),
  CAST(@ProxyPort AS integer), CAST(@StartTime AS timestamptz), CAST(@IAmAliveTime AS timestamptz),
  CAST(@Version AS integer))
$q$),

('UpdateMembershipKey', $q$
SELECT orleans_membership_update(CAST(@DeploymentId AS text), CAST(@Address AS text), CAST(@Port AS integer),
  CAST(@Generation AS integer), CAST(@Status AS integer), CAST(@SuspectTimes AS text),
  CAST(@IAmAliveTime AS timestamptz), CAST(@Version AS integer))
$q$),

('UpdateIAmAlivetimeKey', $q$
UPDATE orleans_membership SET i_am_alive_time = CAST(@IAmAliveTime AS timestamptz)
WHERE deployment_id = CAST(@DeploymentId AS text) AND address = CAST(@Address AS text)
  AND port = CAST(@Port AS integer) AND generation = CAST(@Generation AS integer)
$q$),

('DeleteMembershipTableEntriesKey', $q$
DELETE FROM orleans_membership_version WHERE deployment_id = CAST(@DeploymentId AS text)
$q$),

('CleanupDefunctSiloEntriesKey', $q$
DELETE FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text)
  AND i_am_alive_time < CAST(@IAmAliveTime AS timestamptz)
  AND status = 6
$q$),

('GatewaysQueryKey', $q$
SELECT address AS "Address", proxy_port AS "ProxyPort", generation AS "Generation"
FROM orleans_membership
WHERE deployment_id = CAST(@DeploymentId AS text) AND status = CAST(@Status AS integer) AND proxy_port > 0
$q$),

('ReadFromStorageKey', $q$
SELECT payload AS "PayloadBinary", version AS "Version"
FROM orleans_grain_state
WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
  AND service_id = CAST(@ServiceId AS text) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND coalesce(grain_id_ext, '') = coalesce(CAST(@GrainIdExtensionString AS text), '')
$q$),

-- Update when the caller holds the current version; insert when it holds none. A stale caller
-- gets no row back, which Orleans reports as an InconsistentStateException.
('WriteToStorageKey', $q$
WITH updated AS (
  UPDATE orleans_grain_state
  SET payload = CAST(@PayloadBinary AS bytea), version = version + 1, modified_at = now()
  WHERE CAST(@GrainStateVersion AS integer) IS NOT NULL
    AND grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
    AND service_id = CAST(@ServiceId AS text) AND grain_type = CAST(@GrainTypeString AS text)
    AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
    AND coalesce(grain_id_ext, '') = coalesce(CAST(@GrainIdExtensionString AS text), '')
    AND version = CAST(@GrainStateVersion AS integer)
  RETURNING version),
inserted AS (
  INSERT INTO orleans_grain_state (service_id, grain_type, grain_type_hash, grain_id_hash,
                                   grain_id_n0, grain_id_n1, grain_id_ext, payload, version)
  SELECT CAST(@ServiceId AS text), CAST(@GrainTypeString AS text), CAST(@GrainTypeHash AS integer),
         CAST(@GrainIdHash AS integer), CAST(@GrainIdN0 AS bigint), CAST(@GrainIdN1 AS bigint),
         CAST(@GrainIdExtensionString AS text), CAST(@PayloadBinary AS bytea), 1
  WHERE CAST(@GrainStateVersion AS integer) IS NULL
  ON CONFLICT DO NOTHING
  RETURNING version)
SELECT version AS "NewGrainStateVersion" FROM updated
UNION ALL
SELECT version FROM inserted
$q$),

('ClearStorageKey', $q$
UPDATE orleans_grain_state
SET payload = NULL, version = version + 1, modified_at = now()
WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
  AND service_id = CAST(@ServiceId AS text) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND coalesce(grain_id_ext, '') = coalesce(CAST(@GrainIdExtensionString AS text), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version
$q$),

-- Used when DeleteStateOnClear is on: the row goes, so later reads see no record at all.
('DeleteStorageKey', $q$
DELETE FROM orleans_grain_state
WHERE grain_id_hash = CAST(@GrainIdHash AS integer) AND grain_type_hash = CAST(@GrainTypeHash AS integer)
  AND service_id = CAST(@ServiceId AS text) AND grain_type = CAST(@GrainTypeString AS text)
  AND grain_id_n0 = CAST(@GrainIdN0 AS bigint) AND grain_id_n1 = CAST(@GrainIdN1 AS bigint)
  AND coalesce(grain_id_ext, '') = coalesce(CAST(@GrainIdExtensionString AS text), '')
  AND version = CAST(@GrainStateVersion AS integer)
RETURNING version + 1
$q$),

('ReadReminderRowsKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
$q$),

('ReadReminderRowKey', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
  AND reminder_name = CAST(@ReminderName AS text)
$q$),

-- A range (begin, end] of the hash ring; Orleans picks the wrapping form when begin >= end.
('ReadRangeRows1Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS text)
  AND grain_hash > CAST(@BeginHash AS integer) AND grain_hash <= CAST(@EndHash AS integer)
$q$),

('ReadRangeRows2Key', $q$
SELECT grain_id AS "GrainId", reminder_name AS "ReminderName", start_time AS "StartTime",
       period AS "Period", version AS "Version"
FROM orleans_reminder
WHERE service_id = CAST(@ServiceId AS text)
  AND (grain_hash > CAST(@BeginHash AS integer) OR grain_hash <= CAST(@EndHash AS integer))
$q$),

('UpsertReminderRowKey', $q$
INSERT INTO orleans_reminder (service_id, grain_id, reminder_name, start_time, period, grain_hash, version)
VALUES (CAST(@ServiceId AS text), CAST(@GrainId AS text), CAST(@ReminderName AS text),
        CAST(@StartTime AS timestamptz), CAST(@Period AS bigint), CAST(@GrainHash AS integer), 0)
ON CONFLICT (service_id, grain_id, reminder_name) DO UPDATE
  SET start_time = excluded.start_time, period = excluded.period, grain_hash = excluded.grain_hash,
      version = orleans_reminder.version + 1
RETURNING version AS "Version"
$q$),

('DeleteReminderRowKey', $q$
WITH deleted AS (
  DELETE FROM orleans_reminder
  WHERE service_id = CAST(@ServiceId AS text) AND grain_id = CAST(@GrainId AS text)
    AND reminder_name = CAST(@ReminderName AS text) AND version = CAST(@Version AS integer)
  RETURNING 1)
SELECT count(*) > 0 FROM deleted
$q$),

('DeleteReminderRowsKey', $q$
DELETE FROM orleans_reminder WHERE service_id = CAST(@ServiceId AS text)
$q$);

-- The stored response JSON is a cache of the event, tagged with the fingerprint of the schema it was
-- rendered under (graphaudit.audit.SchemaFingerprint): a row whose tag is not the running schema's is
-- rendered afresh from its columns. The v1.0 form now cuts any number of beta-only spans
-- ("from-to,from-to"), so beta-only members may sit anywhere after the first of their object.
ALTER TABLE audit_event ADD COLUMN json_v1_cuts VARCHAR(200);
ALTER TABLE audit_event ADD COLUMN json_schema VARCHAR(32);
-- Rows of V2 were rendered under the schema of this migration, whose fingerprint this is.
UPDATE audit_event SET json_schema = 'ec402157f1d7de1d',
  json_v1_cuts = CASE WHEN json_beta_from = json_beta_to THEN ''
    ELSE CAST(json_beta_from AS VARCHAR(11)) || '-' || CAST(json_beta_to AS VARCHAR(11)) END
  WHERE json_body IS NOT NULL;
ALTER TABLE audit_event DROP COLUMN json_beta_from;
ALTER TABLE audit_event DROP COLUMN json_beta_to;

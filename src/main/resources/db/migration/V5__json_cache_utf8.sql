-- The stored response JSON as the UTF-8 bytes an answer sends: the database hands them over as they
-- are, where text was decoded character by character on every read and encoded again on the way out.
-- The beta-only spans (json_v1_cuts) become byte offsets.
ALTER TABLE audit_event ADD COLUMN json_utf8 ${binary_type};
UPDATE audit_event SET json_utf8 = ${utf8_of_json_body} WHERE json_body IS NOT NULL;
-- Where a character takes more than one byte the old character offsets do not fit the bytes: those
-- rows lose their cache and are rendered from their columns, as a row of another schema is.
UPDATE audit_event SET json_utf8 = NULL, json_v1_cuts = NULL, json_schema = NULL
  WHERE json_body IS NOT NULL AND OCTET_LENGTH(json_utf8) <> CHAR_LENGTH(json_body);
ALTER TABLE audit_event DROP COLUMN json_body;

-- The stored response JSON as the UTF-8 bytes an answer sends: the database hands them over as they
-- are, where text was decoded character by character on every read and encoded again on the way out.
-- Its beta-only spans (json_v1_cuts) are byte offsets in rows that have it. Rows stored before keep
-- their text in json_body (spans in characters) until they are next written: converting them here
-- would rewrite every row in one transaction, which on H2 took longer than 15 minutes and 15 times the
-- file's size for a million events, where adding the column alone took 4.6 minutes.
ALTER TABLE audit_event ADD COLUMN json_utf8 ${binary_type};

-- Each event's response JSON, rendered when it is written (beta form; the v1.0 form is the same text
-- without the span [json_beta_from, json_beta_to) of beta-only members), so a page of events is
-- answered by copying text. Rows written before this migration have none and are written from their
-- columns, as before.
ALTER TABLE audit_event ADD COLUMN json_body VARCHAR;
ALTER TABLE audit_event ADD COLUMN json_beta_from INTEGER;
ALTER TABLE audit_event ADD COLUMN json_beta_to INTEGER;

CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Read-only reports for finance and sales';
CREATE SCHEMA audit;
COMMENT ON SCHEMA audit IS 'Audit trail';

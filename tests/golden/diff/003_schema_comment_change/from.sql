CREATE SCHEMA reporting;
COMMENT ON SCHEMA reporting IS 'Reports for finance';

-- extensions and schemas
CREATE SCHEMA app;

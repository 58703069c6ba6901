CREATE TYPE app.mood AS ENUM ('ok', 'it''s fine');

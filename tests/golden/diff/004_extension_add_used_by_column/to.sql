CREATE EXTENSION IF NOT EXISTS citext;
CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE TABLE public.accounts (
    id integer PRIMARY KEY,
    email citext NOT NULL UNIQUE,
    api_key uuid NOT NULL DEFAULT gen_random_uuid()
);

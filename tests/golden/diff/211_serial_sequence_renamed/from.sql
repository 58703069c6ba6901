CREATE TABLE public.s2 (id serial PRIMARY KEY, note text);
ALTER SEQUENCE public.s2_id_seq RENAME TO old_s2_seq;
COMMENT ON SEQUENCE public.old_s2_seq IS 'ids of s2';
CREATE TABLE public.tags (
  id bigserial PRIMARY KEY,
  no integer GENERATED ALWAYS AS IDENTITY (START WITH 10)
);

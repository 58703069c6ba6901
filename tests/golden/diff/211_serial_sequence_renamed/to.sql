CREATE TABLE public.s2 (id serial PRIMARY KEY, note text);
COMMENT ON SEQUENCE public.s2_id_seq IS 'ids of s2';
CREATE TABLE public.labels ( -- confiture:renamed-from tags
  id bigserial PRIMARY KEY,
  no integer GENERATED ALWAYS AS IDENTITY (START WITH 10)
);

CREATE SEQUENCE public.small_counter AS integer MAXVALUE 2000000000;

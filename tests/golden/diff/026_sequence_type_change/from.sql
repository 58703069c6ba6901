CREATE SEQUENCE public.small_counter AS smallint MAXVALUE 30000;

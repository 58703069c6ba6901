-- The old start lies outside the new bounds: the sequence is restarted.
CREATE SEQUENCE public.countdown AS smallint INCREMENT -1;
CREATE SEQUENCE public.ticket AS bigint START 2000 MINVALUE 2000 CACHE 10;

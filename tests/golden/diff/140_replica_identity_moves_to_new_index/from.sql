CREATE TABLE public.feed (a integer NOT NULL, b integer NOT NULL);
CREATE UNIQUE INDEX feed_a ON public.feed (a);
ALTER TABLE public.feed REPLICA IDENTITY USING INDEX feed_a;

-- The new index must exist before the table uses it as replica identity.
CREATE TABLE public.feed (a integer NOT NULL, b integer NOT NULL);
CREATE UNIQUE INDEX feed_b ON public.feed (b);
ALTER TABLE public.feed REPLICA IDENTITY USING INDEX feed_b;

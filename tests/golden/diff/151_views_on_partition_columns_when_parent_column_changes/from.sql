CREATE TYPE public.state AS ENUM ('new', 'done', 'lost');
CREATE TABLE public.readings (id integer, value integer, state public.state) PARTITION BY LIST (id);
CREATE TABLE public.readings_1 PARTITION OF public.readings FOR VALUES IN (1);
CREATE VIEW public.readings_1_values AS SELECT value, state FROM public.readings_1 WHERE state <> 'new';
CREATE INDEX readings_1_value ON public.readings_1 (value);
ALTER TABLE public.readings_1 ADD CONSTRAINT readings_1_value_positive CHECK (value > 0);
CREATE TABLE public.base (a integer);
CREATE TABLE public.child (b integer) INHERITS (public.base);
CREATE VIEW public.child_a AS SELECT a FROM public.child;

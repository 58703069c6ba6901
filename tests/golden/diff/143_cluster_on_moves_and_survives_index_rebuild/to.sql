-- CLUSTER ON moves to another index; an index that is rebuilt keeps its mark.
CREATE TABLE public.log (id integer, at timestamp, kind text);
CREATE INDEX log_at ON public.log (at);
CREATE INDEX log_kind ON public.log (kind);
ALTER TABLE public.log CLUSTER ON log_kind;
CREATE TABLE public.audit (id integer PRIMARY KEY, note text);
CREATE INDEX audit_note ON public.audit (lower(note));
ALTER TABLE public.audit CLUSTER ON audit_note;
CREATE TABLE public.fresh (id integer PRIMARY KEY);
ALTER TABLE public.fresh CLUSTER ON fresh_pkey;

CREATE TABLE public.log (id integer, at timestamp, kind text);
CREATE INDEX log_at ON public.log (at);
CREATE INDEX log_kind ON public.log (kind);
ALTER TABLE public.log CLUSTER ON log_at;
CREATE TABLE public.audit (id integer PRIMARY KEY, note text);
CREATE INDEX audit_note ON public.audit (note);
ALTER TABLE public.audit CLUSTER ON audit_note;

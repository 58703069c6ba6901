CREATE EXTENSION IF NOT EXISTS pgcrypto;
CREATE SCHEMA app;
CREATE FUNCTION app.current_tenant() RETURNS uuid LANGUAGE sql STABLE
    AS $$ SELECT nullif(current_setting('app.tenant_id', true), '')::uuid $$;
CREATE TABLE public.tenants (id uuid PRIMARY KEY DEFAULT gen_random_uuid(), name text NOT NULL, plan text NOT NULL DEFAULT 'free');
CREATE TABLE public.projects (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    tenant_id uuid NOT NULL DEFAULT app.current_tenant() REFERENCES public.tenants (id) ON DELETE CASCADE,
    name text NOT NULL,
    archived boolean NOT NULL DEFAULT false,
    CONSTRAINT projects_tenant_name_key UNIQUE (tenant_id, name)
);
CREATE TABLE public.tasks (
    id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
    project_id uuid NOT NULL REFERENCES public.projects (id) ON DELETE CASCADE,
    tenant_id uuid NOT NULL DEFAULT app.current_tenant() REFERENCES public.tenants (id) ON DELETE CASCADE,
    title text NOT NULL,
    done boolean NOT NULL DEFAULT false,
    due_on date
);
CREATE INDEX tasks_tenant_due_idx ON public.tasks (tenant_id, due_on) WHERE NOT done;
ALTER TABLE public.projects ENABLE ROW LEVEL SECURITY;
ALTER TABLE public.tasks ENABLE ROW LEVEL SECURITY;
CREATE POLICY projects_tenant_isolation ON public.projects USING (tenant_id = app.current_tenant());
CREATE POLICY tasks_tenant_isolation ON public.tasks USING (tenant_id = app.current_tenant())
    WITH CHECK (tenant_id = app.current_tenant());
CREATE VIEW public.open_tasks WITH (security_invoker = true) AS
    SELECT t.id, t.title, p.name AS project FROM public.tasks t JOIN public.projects p ON p.id = t.project_id WHERE NOT t.done;

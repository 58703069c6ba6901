-- Publications: tables with column lists and row filters, schemas, options, comments.
CREATE TABLE public.orders (id integer PRIMARY KEY, note text, total numeric);
CREATE TABLE public.refunds (id integer PRIMARY KEY);
CREATE SCHEMA audit;
CREATE TABLE audit.entries (id integer);
CREATE PUBLICATION orders_pub FOR TABLE public.orders (id, total) WHERE (total > 0), public.refunds
    WITH (publish = 'insert, update');
CREATE PUBLICATION audit_pub FOR TABLES IN SCHEMA audit WITH (publish_via_partition_root = true);
COMMENT ON PUBLICATION audit_pub IS 'audit trail';

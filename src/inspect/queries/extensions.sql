-- Extensions.
select x.oid::text as oid, x.extname as name, n.nspname as schema, x.extversion as version,
  pg_catalog.obj_description(x.oid, 'pg_extension') as comment
from pg_catalog.pg_extension x join pg_catalog.pg_namespace n on n.oid = x.extnamespace
where x.extname <> 'plpgsql'
order by x.extname

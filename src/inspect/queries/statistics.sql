-- Extended statistics objects.
select s.oid::text as oid, n.nspname as schema, s.stxname as name, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(s.stxowner)) as owner, s.stxrelid::text as relid,
  pg_catalog.pg_get_statisticsobjdef(s.oid) as def,
  pg_catalog.obj_description(s.oid, 'pg_statistic_ext') as comment
from pg_catalog.pg_statistic_ext s
join pg_catalog.pg_namespace n on n.oid = s.stxnamespace
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
order by n.nspname, s.stxname

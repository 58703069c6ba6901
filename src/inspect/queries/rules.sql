-- Rewrite rules: view bodies (_RETURN) are mapped to their view; other rules are objects.
select r.oid::text as oid, r.rulename as name, r.ev_class::text as relid,
  case when r.rulename <> '_RETURN' then pg_catalog.pg_get_ruledef(r.oid) end as def,
  r.ev_enabled::text as enabled,
  pg_catalog.obj_description(r.oid, 'pg_rewrite') as comment
from pg_catalog.pg_rewrite r
join pg_catalog.pg_class c on c.oid = r.ev_class
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
order by r.ev_class, r.rulename

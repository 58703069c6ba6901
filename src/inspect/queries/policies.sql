-- Row-level security policies.
select p.oid::text as oid, p.polname as name, p.polrelid::text as relid, p.polcmd::text as cmd, p.polpermissive,
  (select pg_catalog.json_agg(case when r = 0 then 'PUBLIC' else pg_catalog.quote_ident(ro.rolname) end order by 1)
   from pg_catalog.unnest(p.polroles) r left join pg_catalog.pg_roles ro on ro.oid = r) as roles,
  pg_catalog.pg_get_expr(p.polqual, p.polrelid) as qual,
  pg_catalog.pg_get_expr(p.polwithcheck, p.polrelid) as with_check,
  pg_catalog.obj_description(p.oid, 'pg_policy') as comment
from pg_catalog.pg_policy p
order by p.polrelid, p.polname

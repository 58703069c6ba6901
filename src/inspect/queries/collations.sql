-- Collations in user schemas; version-specific columns are read through to_jsonb.
select co.oid::text as oid, n.nspname as schema, co.collname as name, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(co.collowner)) as owner, pg_catalog.to_jsonb(co.*) as props,
  pg_catalog.obj_description(co.oid, 'pg_collation') as comment
from pg_catalog.pg_collation co
join pg_catalog.pg_namespace n on n.oid = co.collnamespace
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_collation'::pg_catalog.regclass and e.objid = co.oid and e.deptype = 'e')
order by n.nspname, co.collname

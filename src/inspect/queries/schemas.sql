-- Schemas (not system, not extension members).
select n.oid::text as oid, n.nspname as name, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(n.nspowner)) as owner,
  pg_catalog.obj_description(n.oid, 'pg_namespace') as comment,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(r.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(coalesce(n.nspacl, pg_catalog.acldefault('n', n.nspowner))) a
   left join pg_catalog.pg_roles r on r.oid = a.grantee
   where a.grantee <> n.nspowner) as acl
from pg_catalog.pg_namespace n
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_namespace'::pg_catalog.regclass and e.objid = n.oid and e.deptype = 'e')
order by n.nspname

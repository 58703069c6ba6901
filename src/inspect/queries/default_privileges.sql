-- Default privileges (ALTER DEFAULT PRIVILEGES).
select pg_catalog.quote_ident(r.rolname) as role, coalesce(n.nspname, '') as schema, d.defaclobjtype::text as objtype,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(ro.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(d.defaclacl) a left join pg_catalog.pg_roles ro on ro.oid = a.grantee) as acl,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(ro.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(pg_catalog.acldefault(
     case d.defaclobjtype when 'r' then 'r' when 'S' then 's' when 'f' then 'f' when 'T' then 'T' when 'n' then 'n' else 'r' end::"char",
     d.defaclrole)) a left join pg_catalog.pg_roles ro on ro.oid = a.grantee) as builtin
from pg_catalog.pg_default_acl d
join pg_catalog.pg_roles r on r.oid = d.defaclrole
left join pg_catalog.pg_namespace n on n.oid = d.defaclnamespace
order by 1, 2, 3

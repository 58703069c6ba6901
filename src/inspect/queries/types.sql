-- User-defined types: enums, domains, ranges, composite types (by their relation), base and pseudo types.
select t.oid::text as oid, n.nspname as schema, t.typname as name, t.typtype::text as typtype,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(t.typowner)) as owner,
  t.typarray::text as typarray, t.typrelid::text as typrelid,
  case when t.typtype = 'e' then (select pg_catalog.json_agg(e.enumlabel order by e.enumsortorder)
    from pg_catalog.pg_enum e where e.enumtypid = t.oid) end as labels,
  case when t.typtype = 'd' then pg_catalog.format_type(t.typbasetype, t.typtypmod) end as base_type,
  t.typnotnull, t.typdefault,
  case when t.typtype = 'd' and t.typcollation <> 0 and t.typcollation <> bt.typcollation then
    (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = t.typcollation) end as collation,
  case when t.typtype = 'r' then (select pg_catalog.json_build_object(
      'subtype', pg_catalog.format_type(r.rngsubtype, null),
      'opclass', (select pg_catalog.quote_ident(ocn.nspname) || '.' || pg_catalog.quote_ident(oc.opcname)
                  from pg_catalog.pg_opclass oc join pg_catalog.pg_namespace ocn on ocn.oid = oc.opcnamespace
                  where oc.oid = r.rngsubopc and not oc.opcdefault),
      'collation', (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
                    from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
                    where co.oid = r.rngcollation and r.rngcollation <> st.typcollation),
      'canonical', case when r.rngcanonical <> 0 then r.rngcanonical::pg_catalog.regproc::text end,
      'subdiff', case when r.rngsubdiff <> 0 then r.rngsubdiff::pg_catalog.regproc::text end,
      'multirange', (select pg_catalog.quote_ident(mn.nspname) || '.' || pg_catalog.quote_ident(mt.typname)
                     from pg_catalog.pg_type mt join pg_catalog.pg_namespace mn on mn.oid = mt.typnamespace
                     where mt.oid = r.rngmultitypid),
      'multirange_oid', r.rngmultitypid::text)
    from pg_catalog.pg_range r join pg_catalog.pg_type st on st.oid = r.rngsubtype where r.rngtypid = t.oid) end as range,
  pg_catalog.obj_description(t.oid, 'pg_type') as comment,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(ro.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(coalesce(t.typacl, pg_catalog.acldefault('T', t.typowner))) a
   left join pg_catalog.pg_roles ro on ro.oid = a.grantee
   where a.grantee <> t.typowner) as acl
from pg_catalog.pg_type t
join pg_catalog.pg_namespace n on n.oid = t.typnamespace
left join pg_catalog.pg_type bt on bt.oid = t.typbasetype
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and t.typtype in ('e', 'd', 'r', 'b', 'p', 'm')
  and not (t.typtype = 'b' and t.typelem <> 0 and t.typlen = -1 and t.typcategory = 'A')
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and e.objid = t.oid and e.deptype = 'e')
order by n.nspname, t.typname

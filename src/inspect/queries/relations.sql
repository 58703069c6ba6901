-- Tables, partitioned tables, views, materialized views, composite types, sequences, foreign tables.
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind, c.relpersistence,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.relowner)) as owner,
  c.relrowsecurity, c.relforcerowsecurity, c.relreplident, c.reloptions,
  c.reltype::text as reltype, t.typarray::text as typarray,
  case when c.relkind = 'p' then pg_catalog.pg_get_partkeydef(c.oid) end as partkey,
  c.relispartition,
  case when c.relispartition then pg_catalog.pg_get_expr(c.relpartbound, c.oid) end as partbound,
  (select pg_catalog.json_agg(pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(pc.relname) order by i.inhseqno)
   from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
   join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid) as parents,
  (select pg_catalog.json_agg(i.inhparent::text order by i.inhseqno)
   from pg_catalog.pg_inherits i where i.inhrelid = c.oid) as parent_oids,
  (select ci.relname from pg_catalog.pg_index x join pg_catalog.pg_class ci on ci.oid = x.indexrelid
   where x.indrelid = c.oid and x.indisreplident) as replica_index,
  (select ci.relname from pg_catalog.pg_index x join pg_catalog.pg_class ci on ci.oid = x.indexrelid
   where x.indrelid = c.oid and x.indisclustered) as cluster_index,
  (select tc.reloptions from pg_catalog.pg_class tc where tc.oid = c.reltoastrelid) as toast_options,
  (c.reloftype <> 0) as is_typed,
  case when am.amname is not null and am.amname <> 'heap' then am.amname end as access_method,
  case when c.relkind in ('v', 'm') then pg_catalog.pg_get_viewdef(c.oid) end as viewdef,
  -- Comments read by index for each row: a join here gets a nested loop over pg_description.
  (select ds.description from pg_catalog.pg_description ds where ds.objoid = c.oid
     and ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and ds.objsubid = 0) as comment,
  (select ds.description from pg_catalog.pg_description ds where ds.objoid = c.reltype
     and ds.classoid = 'pg_catalog.pg_type'::pg_catalog.regclass and ds.objsubid = 0) as type_comment,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(r.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(coalesce(c.relacl,
     pg_catalog.acldefault(case when c.relkind = 'S' then 's'::"char" else 'r'::"char" end, c.relowner))) a
   left join pg_catalog.pg_roles r on r.oid = a.grantee
   where a.grantee <> c.relowner) as acl
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
left join pg_catalog.pg_type t on t.oid = c.reltype
left join pg_catalog.pg_am am on am.oid = c.relam
where c.relkind in ('r', 'p', 'v', 'm', 'c', 'S', 'f')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid and e.deptype = 'e')
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_type'::pg_catalog.regclass and e.objid = c.reltype and e.deptype = 'e')
order by n.nspname, c.relname

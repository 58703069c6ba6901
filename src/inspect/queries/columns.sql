-- Columns of tables, views, materialized views and composite types.
select a.attrelid::text as relid, a.attnum, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
  pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default_expr, d.oid::text as default_oid,
  a.attidentity, a.attgenerated, a.attislocal, a.attinhcount,
  a.attoptions,
  case when a.attcollation <> t.typcollation and a.attcollation <> 0 then
    (select pg_catalog.quote_ident(cn.nspname) || '.' || pg_catalog.quote_ident(co.collname)
     from pg_catalog.pg_collation co join pg_catalog.pg_namespace cn on cn.oid = co.collnamespace
     where co.oid = a.attcollation) end as collation,
  case when a.attstorage <> t.typstorage then a.attstorage::text end as storage,
  nullif(a.attstattarget::integer, -1) as statistics, nullif(a.attcompression::text, '') as compression,
  -- Declared length of a character or bit type, through a domain (as information_schema reads it).
  case when b.base in ('pg_catalog.bpchar'::pg_catalog.regtype, 'pg_catalog.varchar'::pg_catalog.regtype) and b.mod > 0
    then b.mod - 4
    when b.base in ('pg_catalog.bit'::pg_catalog.regtype, 'pg_catalog.varbit'::pg_catalog.regtype) and b.mod > 0
    then b.mod end as max_length,
  ds.description as comment,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when x.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(r.rolname) end, x.privilege_type, x.is_grantable))
   from pg_catalog.aclexplode(a.attacl) x left join pg_catalog.pg_roles r on r.oid = x.grantee
   where x.grantee <> c.relowner) as acl
from pg_catalog.pg_attribute a
join pg_catalog.pg_class c on c.oid = a.attrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_type t on t.oid = a.atttypid
cross join lateral (select case when t.typtype = 'd' then t.typbasetype else a.atttypid end as base,
  case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as mod) b
left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
-- Comments joined, not read with col_description() (a query per row).
left join pg_catalog.pg_description ds on ds.objoid = a.attrelid and ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and ds.objsubid = a.attnum
where c.relkind in ('r', 'p', 'v', 'm', 'c', 'f') and a.attnum > 0 and not a.attisdropped
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
order by a.attrelid, a.attnum

-- Indexes that are not the implementation of a constraint.
select i.indexrelid::text as oid, n.nspname as schema, ci.relname as name, i.indrelid::text as relid,
  pg_catalog.pg_get_indexdef(i.indexrelid) as def, ct.relkind::text as table_relkind,
  exists (select 1 from pg_catalog.pg_inherits h where h.inhrelid = i.indexrelid) as is_partition_child,
  (select h.inhparent::text from pg_catalog.pg_inherits h where h.inhrelid = i.indexrelid) as parent_index,
  (select co.oid::text from pg_catalog.pg_constraint co
   where co.conindid = i.indexrelid and co.contype in ('p', 'u', 'x') and co.conrelid = i.indrelid) as constraint_oid,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(a.attnum, a.attstattarget) order by a.attnum)
   from pg_catalog.pg_attribute a where a.attrelid = i.indexrelid and a.attstattarget >= 0) as column_statistics,
  ds.description as comment
from pg_catalog.pg_index i
join pg_catalog.pg_class ci on ci.oid = i.indexrelid
join pg_catalog.pg_class ct on ct.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = ci.relnamespace
-- Comments joined, not read with obj_description() (a query per row).
left join pg_catalog.pg_description ds on ds.objoid = i.indexrelid and ds.classoid = 'pg_catalog.pg_class'::pg_catalog.regclass and ds.objsubid = 0
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_' and ct.relkind in ('r', 'p', 'm')
order by n.nspname, ci.relname

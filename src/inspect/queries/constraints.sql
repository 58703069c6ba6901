-- Table constraints (primary, unique, check, foreign, exclusion) and domain constraints.
select co.oid::text as oid, co.conname as name, co.contype::text as contype,
  pg_catalog.pg_get_constraintdef(co.oid) as def, co.convalidated, co.conrelid::text as relid,
  co.contypid::text as typid, co.conindid::text as indid, co.conislocal, co.coninhcount,
  co.conparentid::text as parentid,
  (select ci.reloptions from pg_catalog.pg_class ci where ci.oid = co.conindid and co.contype in ('p', 'u')) as index_options,
  (select ci.relname from pg_catalog.pg_class ci where ci.oid = co.conindid and co.contype in ('p', 'u', 'x')) as index_name,
  case when co.contype in ('p', 'u', 'x') then pg_catalog.obj_description(co.conindid, 'pg_class') end as index_comment,
  ds.description as comment
from pg_catalog.pg_constraint co
join pg_catalog.pg_namespace n on n.oid = co.connamespace
-- Comments joined, not read with obj_description() (a query per row).
left join pg_catalog.pg_description ds on ds.objoid = co.oid and ds.classoid = 'pg_catalog.pg_constraint'::pg_catalog.regclass and ds.objsubid = 0
where co.contype in ('p', 'u', 'c', 'f', 'x')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
order by co.conrelid, co.contypid, co.conname

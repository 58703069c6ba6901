-- Sequences owned by a table column: identity sequences and OWNED BY (serial)
-- ($1: table oids, a JSON array as text; null: every table of the user schemas).
select d.refobjid::text as relid, a.attnum, a.attname as column_name, sn.nspname as schema, s.relname as name,
  d.deptype::text as deptype
from pg_catalog.pg_class s
join pg_catalog.pg_namespace sn on sn.oid = s.relnamespace
join pg_catalog.pg_depend d on d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = s.oid
  and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjsubid > 0 and d.deptype in ('a', 'i')
join pg_catalog.pg_class c on c.oid = d.refobjid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_attribute a on a.attrelid = d.refobjid and a.attnum = d.refobjsubid
where s.relkind = 'S' and c.relkind in ('r', 'p')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and ($1::pg_catalog.text is null
    or d.refobjid = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json)::pg_catalog.oid)))
order by d.refobjid, a.attnum, sn.nspname, s.relname

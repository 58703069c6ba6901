-- Columns of the given tables as data movement needs them ($1: table oids, a JSON array as text).
select a.attrelid::text as relid, a.attnum, a.attname as name,
  pg_catalog.format_type(a.atttypid, a.atttypmod) as type, a.attnotnull,
  pg_catalog.pg_get_expr(d.adbin, d.adrelid) as default_expr,
  a.attidentity::text as attidentity, a.attgenerated::text as attgenerated,
  -- Declared length of a character or bit type, through a domain (as information_schema reads it).
  case when b.base in ('pg_catalog.bpchar'::pg_catalog.regtype, 'pg_catalog.varchar'::pg_catalog.regtype) and b.mod > 0
    then b.mod - 4
    when b.base in ('pg_catalog.bit'::pg_catalog.regtype, 'pg_catalog.varbit'::pg_catalog.regtype) and b.mod > 0
    then b.mod end as max_length
from pg_catalog.pg_attribute a
join pg_catalog.pg_type t on t.oid = a.atttypid
cross join lateral (select case when t.typtype = 'd' then t.typbasetype else a.atttypid end as base,
  case when t.typtype = 'd' then t.typtypmod else a.atttypmod end as mod) b
left join pg_catalog.pg_attrdef d on d.adrelid = a.attrelid and d.adnum = a.attnum
where a.attrelid = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json)::pg_catalog.oid))
  and a.attnum > 0 and not a.attisdropped
order by a.attrelid, a.attnum

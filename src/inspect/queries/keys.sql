-- Primary keys, unique constraints and unique indexes of tables, part by part
-- ($1: table oids, a JSON array as text; null: every table of the user schemas).
select i.indrelid::text as relid, ci.relname as index_name, co.conname as constraint_name, i.indisprimary,
  (i.indisvalid and i.indisready and i.indislive) as valid, i.indnullsnotdistinct as nulls_not_distinct,
  not i.indimmediate as deferrable,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) as predicate,
  -- Each key part (INCLUDE columns left out): [column name or null for an expression, NOT NULL, part as printed].
  -- Columns are looked up one by one (a join reads every column of the table); pg_get_indexdef per
  -- part is slow, called for expressions only.
  (select pg_catalog.json_agg(case when k.attnum = 0
      then pg_catalog.json_build_array(null, null, pg_catalog.pg_get_indexdef(i.indexrelid, k.n::integer, true))
      else (select pg_catalog.json_build_array(a.attname, a.attnotnull, pg_catalog.quote_ident(a.attname))
            from pg_catalog.pg_attribute a where a.attrelid = i.indrelid and a.attnum = k.attnum) end order by k.n)
   from pg_catalog.unnest(i.indkey::pg_catalog.int2[]) with ordinality k(attnum, n)
   where k.n <= i.indnkeyatts
  ) as parts
from pg_catalog.pg_index i
join pg_catalog.pg_class ci on ci.oid = i.indexrelid
join pg_catalog.pg_class ct on ct.oid = i.indrelid
join pg_catalog.pg_namespace n on n.oid = ct.relnamespace
left join pg_catalog.pg_constraint co on co.conindid = i.indexrelid and co.conrelid = i.indrelid and co.contype in ('p', 'u')
where i.indisunique and ct.relkind in ('r', 'p')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and ($1::pg_catalog.text is null
    or i.indrelid = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json)::pg_catalog.oid)))
order by i.indrelid, ci.relname

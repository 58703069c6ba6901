-- Primary keys, unique constraints and unique indexes of tables, part by part
-- ($1: table oids, a JSON array as text; null: every table of the user schemas).
select i.indrelid::text as relid, ci.relname as index_name, co.conname as constraint_name, i.indisprimary,
  (i.indisvalid and i.indisready and i.indislive) as valid, i.indnullsnotdistinct as nulls_not_distinct,
  not i.indimmediate as deferrable,
  pg_catalog.pg_get_expr(i.indpred, i.indrelid) as predicate,
  -- Each key part (INCLUDE columns left out): [column name or null for an expression, NOT NULL, printed part].
  (select pg_catalog.json_agg(pg_catalog.json_build_array(a.attname, a.attnotnull,
      pg_catalog.pg_get_indexdef(i.indexrelid, k.n + 1, true)) order by k.n)
   from pg_catalog.generate_series(0, i.indnkeyatts - 1) k(n)
   left join pg_catalog.pg_attribute a on a.attrelid = i.indrelid and a.attnum = i.indkey[k.n] and i.indkey[k.n] > 0
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

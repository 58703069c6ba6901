-- Foreign keys of tables as column lists ($1: table oids, a JSON array as text; null: every table of the user schemas).
-- Left out: the copies PostgreSQL adds on a referencing table towards each partition of a partitioned
-- referenced table (their parent constraint is on the same table); a partition's own copy of its
-- parent's foreign key is kept.
select co.conrelid::text as relid, co.conname as name,
  -- Columns are looked up one by one (a join reads every column of the table).
  (select pg_catalog.json_agg((select a.attname from pg_catalog.pg_attribute a
      where a.attrelid = co.conrelid and a.attnum = k.attnum) order by k.n)
   from pg_catalog.unnest(co.conkey) with ordinality k(attnum, n)) as columns,
  rn.nspname as ref_schema, rc.relname as ref_name,
  (select pg_catalog.json_agg((select a.attname from pg_catalog.pg_attribute a
      where a.attrelid = co.confrelid and a.attnum = k.attnum) order by k.n)
   from pg_catalog.unnest(co.confkey) with ordinality k(attnum, n)) as ref_columns,
  co.confdeltype::text as on_delete, co.confupdtype::text as on_update, co.confmatchtype::text as match,
  co.condeferrable as deferrable, co.condeferred as initially_deferred, co.convalidated as validated
from pg_catalog.pg_constraint co
join pg_catalog.pg_class c on c.oid = co.conrelid
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
join pg_catalog.pg_class rc on rc.oid = co.confrelid
join pg_catalog.pg_namespace rn on rn.oid = rc.relnamespace
where co.contype = 'f' and c.relkind in ('r', 'p')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and ($1::pg_catalog.text is null
    or co.conrelid = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json)::pg_catalog.oid)))
  and not exists (select 1 from pg_catalog.pg_constraint pc where pc.oid = co.conparentid and pc.conrelid = co.conrelid)
order by co.conrelid, co.conname

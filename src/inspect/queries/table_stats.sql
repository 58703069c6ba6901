-- Row and size estimates of tables ($1: table oids, a JSON array as text; null: every table of the user schemas).
-- pg_table_size opens each table (a brief ACCESS SHARE lock); reltuples is -1 before the first VACUUM or ANALYZE.
select c.oid::text as relid, c.reltuples::pg_catalog.float8 as reltuples, pg_catalog.pg_table_size(c.oid)::text as bytes
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and ($1::pg_catalog.text is null
    or c.oid = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json)::pg_catalog.oid)))
order by c.oid

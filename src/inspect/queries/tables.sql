-- Ordinary and partitioned tables (typed tables included; foreign tables and extension members left out),
-- for data movement. $1: schemas to keep (a JSON array as text, null: all user schemas); $2: schemas to leave out
-- (a JSON array as text); $3: table identities `table:<schema>.<name>` to keep (JSON array, null: all).
select c.oid::text as oid, n.nspname as schema, c.relname as name, c.relkind::text as relkind, c.relispartition,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(pn.nspname, pc.relname) order by i.inhseqno)
   from pg_catalog.pg_inherits i join pg_catalog.pg_class pc on pc.oid = i.inhparent
   join pg_catalog.pg_namespace pn on pn.oid = pc.relnamespace where i.inhrelid = c.oid) as parents
from pg_catalog.pg_class c
join pg_catalog.pg_namespace n on n.oid = c.relnamespace
where c.relkind in ('r', 'p')
  and n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and ($1::pg_catalog.text is null
    or n.nspname = any (array(select pg_catalog.json_array_elements_text($1::pg_catalog.text::pg_catalog.json))))
  and not n.nspname = any (array(select pg_catalog.json_array_elements_text($2::pg_catalog.text::pg_catalog.json)))
  and ($3::pg_catalog.text is null
    or 'table:' || n.nspname || '.' || c.relname = any (array(select pg_catalog.json_array_elements_text($3::pg_catalog.text::pg_catalog.json))))
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and e.objid = c.oid and e.deptype = 'e')
order by n.nspname, c.relname

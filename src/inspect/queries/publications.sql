-- Publications (logical replication) with their tables (column lists, row filters) and schemas.
select p.oid::text as oid, p.pubname as name,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.pubowner)) as owner,
  p.puballtables as all_tables, p.pubinsert, p.pubupdate, p.pubdelete, p.pubtruncate, p.pubviaroot,
  (select pg_catalog.json_agg(pg_catalog.json_build_object(
      'relid', pr.prrelid::text,
      'columns', (select pg_catalog.json_agg(a.attname order by a.attnum) from pg_catalog.pg_attribute a
                  where a.attrelid = pr.prrelid and a.attnum = any (pr.prattrs::int2[])),
      'qual', pg_catalog.pg_get_expr(pr.prqual, pr.prrelid)) order by pr.prrelid)
   from pg_catalog.pg_publication_rel pr where pr.prpubid = p.oid) as tables,
  (select pg_catalog.json_agg(pn.pnnspid::regnamespace::text order by 1)
   from pg_catalog.pg_publication_namespace pn where pn.pnpubid = p.oid) as schemas,
  pg_catalog.obj_description(p.oid, 'pg_publication') as comment
from pg_catalog.pg_publication p
order by p.pubname

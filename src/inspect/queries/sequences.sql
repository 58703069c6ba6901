-- Sequences with their options and owning column (OWNED BY or identity).
select s.seqrelid::text as oid, pg_catalog.format_type(s.seqtypid, null) as data_type,
  s.seqstart::text as start, s.seqincrement::text as increment, s.seqmin::text as min, s.seqmax::text as max,
  s.seqcache::text as cache, s.seqcycle as cycle,
  (select d.refobjid::text || ':' || d.refobjsubid::text || ':' || d.deptype::text from pg_catalog.pg_depend d
   where d.classid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.objid = s.seqrelid
     and d.refclassid = 'pg_catalog.pg_class'::pg_catalog.regclass and d.refobjsubid > 0
     and d.deptype in ('a', 'i') limit 1) as owner
from pg_catalog.pg_sequence s
order by s.seqrelid

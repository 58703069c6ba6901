-- Dependencies between user objects (pinned and system objects left out).
select d.classid::text as classid, d.objid::text as objid, d.objsubid, d.refclassid::text as refclassid,
  d.refobjid::text as refobjid, d.refobjsubid, d.deptype::text as deptype
from pg_catalog.pg_depend d
where d.deptype in ('n', 'a', 'i') and d.objid >= 16384 and d.refobjid >= 16384
  -- Left out, as they never link two inspected objects: a type's internal link to its table or
  -- element type (both are the same object in the catalog), and triggers internal to constraints.
  and not (d.deptype = 'i' and d.classid in ('pg_catalog.pg_type'::pg_catalog.regclass,
    'pg_catalog.pg_trigger'::pg_catalog.regclass))
order by 1, 2, 3, 4, 5, 6

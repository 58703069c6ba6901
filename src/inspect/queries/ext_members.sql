-- Objects that belong to an extension: mapped to the extension for ordering.
select d.classid::text as classid, d.objid::text as objid, d.refobjid::text as extoid
from pg_catalog.pg_depend d
where d.deptype = 'e' and d.refclassid = 'pg_catalog.pg_extension'::pg_catalog.regclass
order by 1, 2

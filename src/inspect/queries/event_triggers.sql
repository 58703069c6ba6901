-- Event triggers.
select e.oid::text as oid, e.evtname as name, pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(e.evtowner)) as owner, e.evtevent as event,
  e.evtfoid::pg_catalog.regproc::text as function, e.evtfoid::text as function_oid,
  e.evtenabled::text as enabled, e.evttags as tags,
  pg_catalog.obj_description(e.oid, 'pg_event_trigger') as comment
from pg_catalog.pg_event_trigger e
where not exists (select 1 from pg_catalog.pg_depend d
  where d.classid = 'pg_catalog.pg_event_trigger'::pg_catalog.regclass and d.objid = e.oid and d.deptype = 'e')
order by e.evtname

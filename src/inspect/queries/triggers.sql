-- Triggers (not internal, not clones on partitions).
select t.oid::text as oid, t.tgname as name, t.tgrelid::text as relid, pg_catalog.pg_get_triggerdef(t.oid) as def,
  t.tgenabled::text as enabled, (t.tgparentid <> 0) as is_clone,
  pg_catalog.obj_description(t.oid, 'pg_trigger') as comment
from pg_catalog.pg_trigger t
where not t.tgisinternal
order by t.tgrelid, t.tgname

-- Casts between types (built-in and user-defined): a column type change uses a direct cast when one exists.
select pg_catalog.format_type(c.castsource, null) as source, pg_catalog.format_type(c.casttarget, null) as target
from pg_catalog.pg_cast c
order by 1, 2

-- Text search dictionaries and configurations in user schemas (extension members left out).
select 'dictionary' as what, d.oid::text as oid, n.nspname as schema, d.dictname as name,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(d.dictowner)) as owner,
  pg_catalog.quote_ident(tn.nspname) || '.' || pg_catalog.quote_ident(t.tmplname) as template,
  d.dictinitoption as options, null::text as parser, null::json as mappings,
  pg_catalog.obj_description(d.oid, 'pg_ts_dict') as comment
from pg_catalog.pg_ts_dict d
join pg_catalog.pg_namespace n on n.oid = d.dictnamespace
join pg_catalog.pg_ts_template t on t.oid = d.dicttemplate
join pg_catalog.pg_namespace tn on tn.oid = t.tmplnamespace
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_ts_dict'::pg_catalog.regclass and e.objid = d.oid and e.deptype = 'e')
union all
select 'configuration', c.oid::text, n.nspname, c.cfgname,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(c.cfgowner)),
  null, null,
  pg_catalog.quote_ident(pn.nspname) || '.' || pg_catalog.quote_ident(p.prsname),
  (select pg_catalog.json_agg(pg_catalog.json_build_array(tt.alias, m.mapseqno, m.mapdict::text,
      pg_catalog.quote_ident(dn.nspname) || '.' || pg_catalog.quote_ident(dd.dictname)) order by m.maptokentype, m.mapseqno)
   from pg_catalog.pg_ts_config_map m
   join pg_catalog.ts_token_type(c.cfgparser) tt on tt.tokid = m.maptokentype
   join pg_catalog.pg_ts_dict dd on dd.oid = m.mapdict
   join pg_catalog.pg_namespace dn on dn.oid = dd.dictnamespace
   where m.mapcfg = c.oid),
  pg_catalog.obj_description(c.oid, 'pg_ts_config')
from pg_catalog.pg_ts_config c
join pg_catalog.pg_namespace n on n.oid = c.cfgnamespace
join pg_catalog.pg_ts_parser p on p.oid = c.cfgparser
join pg_catalog.pg_namespace pn on pn.oid = p.prsnamespace
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_ts_config'::pg_catalog.regclass and e.objid = c.oid and e.deptype = 'e')
order by 1, 3, 4

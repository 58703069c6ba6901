-- Objects of kinds the diff does not handle (extension members left out).
with ext as (select d.classid, d.objid from pg_catalog.pg_depend d where d.deptype = 'e')
select 'foreign_data_wrapper' as kind, w.fdwname as name from pg_catalog.pg_foreign_data_wrapper w
  where ('pg_catalog.pg_foreign_data_wrapper'::pg_catalog.regclass, w.oid) not in (select * from ext)
union all select 'server', s.srvname from pg_catalog.pg_foreign_server s
  where ('pg_catalog.pg_foreign_server'::pg_catalog.regclass, s.oid) not in (select * from ext)
union all select 'operator', o.oid::pg_catalog.regoperator::text from pg_catalog.pg_operator o
  where o.oid >= 16384 and ('pg_catalog.pg_operator'::pg_catalog.regclass, o.oid) not in (select * from ext)
union all select 'operator_class', oc.opcname from pg_catalog.pg_opclass oc
  where oc.oid >= 16384 and ('pg_catalog.pg_opclass'::pg_catalog.regclass, oc.oid) not in (select * from ext)
union all select 'operator_family', opf.opfname from pg_catalog.pg_opfamily opf
  where opf.oid >= 16384 and ('pg_catalog.pg_opfamily'::pg_catalog.regclass, opf.oid) not in (select * from ext)
union all select 'cast', pg_catalog.format_type(ca.castsource, null) || ' AS ' || pg_catalog.format_type(ca.casttarget, null)
  from pg_catalog.pg_cast ca
  where ca.oid >= 16384 and ('pg_catalog.pg_cast'::pg_catalog.regclass, ca.oid) not in (select * from ext)
    and not exists (select 1 from pg_catalog.pg_range r where r.rngtypid = ca.castsource and r.rngmultitypid = ca.casttarget)
union all select 'language', l.lanname from pg_catalog.pg_language l
  where l.oid >= 16384 and l.lanname <> 'plpgsql'
    and ('pg_catalog.pg_language'::pg_catalog.regclass, l.oid) not in (select * from ext)
union all select 'conversion', cv.conname from pg_catalog.pg_conversion cv
  where cv.oid >= 16384 and ('pg_catalog.pg_conversion'::pg_catalog.regclass, cv.oid) not in (select * from ext)
union all select 'access_method', am.amname from pg_catalog.pg_am am
  where am.oid >= 16384 and ('pg_catalog.pg_am'::pg_catalog.regclass, am.oid) not in (select * from ext)
union all select 'transform', 'FOR ' || pg_catalog.format_type(tr.trftype, null) || ' LANGUAGE ' || l.lanname
  from pg_catalog.pg_transform tr join pg_catalog.pg_language l on l.oid = tr.trflang
  where ('pg_catalog.pg_transform'::pg_catalog.regclass, tr.oid) not in (select * from ext)
order by 1, 2

-- Functions, procedures, aggregates and window functions.
select p.oid::text as oid, n.nspname as schema, p.proname as name, p.prokind::text as prokind,
  pg_catalog.quote_ident(pg_catalog.pg_get_userbyid(p.proowner)) as owner,
  pg_catalog.oidvectortypes(p.proargtypes) as argtypes,
  pg_catalog.pg_get_function_identity_arguments(p.oid) as identity_args,
  pg_catalog.pg_get_function_arguments(p.oid) as args,
  pg_catalog.pg_get_function_result(p.oid) as result,
  case when p.prokind <> 'a' then pg_catalog.pg_get_functiondef(p.oid) end as def,
  l.lanname as language, p.prosrc as source, (p.prosqlbody is not null) as atomic,
  case when p.prokind = 'a' then (select pg_catalog.json_build_object(
      'kind', ag.aggkind,
      'sfunc', ag.aggtransfn::pg_catalog.regproc::text,
      'stype', pg_catalog.format_type(ag.aggtranstype, null),
      'sspace', ag.aggtransspace,
      'finalfunc', case when ag.aggfinalfn <> 0 then ag.aggfinalfn::pg_catalog.regproc::text end,
      'finalextra', ag.aggfinalextra,
      'finalmodify', ag.aggfinalmodify,
      'combinefunc', case when ag.aggcombinefn <> 0 then ag.aggcombinefn::pg_catalog.regproc::text end,
      'serialfunc', case when ag.aggserialfn <> 0 then ag.aggserialfn::pg_catalog.regproc::text end,
      'deserialfunc', case when ag.aggdeserialfn <> 0 then ag.aggdeserialfn::pg_catalog.regproc::text end,
      'msfunc', case when ag.aggmtransfn <> 0 then ag.aggmtransfn::pg_catalog.regproc::text end,
      'minvfunc', case when ag.aggminvtransfn <> 0 then ag.aggminvtransfn::pg_catalog.regproc::text end,
      'mstype', case when ag.aggmtranstype <> 0 then pg_catalog.format_type(ag.aggmtranstype, null) end,
      'mfinalfunc', case when ag.aggmfinalfn <> 0 then ag.aggmfinalfn::pg_catalog.regproc::text end,
      'initcond', ag.agginitval,
      'minitcond', ag.aggminitval,
      'sortop', case when ag.aggsortop <> 0 then ag.aggsortop::pg_catalog.regoperator::text end,
      'parallel', p.proparallel)
    from pg_catalog.pg_aggregate ag where ag.aggfnoid = p.oid) end as aggregate,
  pg_catalog.obj_description(p.oid, 'pg_proc') as comment,
  (select pg_catalog.json_agg(pg_catalog.json_build_array(
      case when a.grantee = 0 then 'PUBLIC' else pg_catalog.quote_ident(r.rolname) end, a.privilege_type, a.is_grantable))
   from pg_catalog.aclexplode(coalesce(p.proacl, pg_catalog.acldefault('f', p.proowner))) a
   left join pg_catalog.pg_roles r on r.oid = a.grantee
   where a.grantee <> p.proowner) as acl
from pg_catalog.pg_proc p
join pg_catalog.pg_namespace n on n.oid = p.pronamespace
join pg_catalog.pg_language l on l.oid = p.prolang
where n.nspname <> 'information_schema' and n.nspname !~ '^pg_'
  and not exists (select 1 from pg_catalog.pg_depend e
    where e.classid = 'pg_catalog.pg_proc'::pg_catalog.regclass and e.objid = p.oid and e.deptype in ('e', 'i'))
order by n.nspname, p.proname, 5

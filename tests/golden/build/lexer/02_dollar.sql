CREATE FUNCTION f_outer() RETURNS text LANGUAGE plpgsql AS $outer$
BEGIN
  EXECUTE $inner$ SELECT 'x; y' $inner$;
  RETURN $$ nested $inner$ still body; $$;
END;
$outer$;
DO $$ BEGIN RAISE NOTICE 'a;b'; END $$;
SELECT $1, $2::int, $a$ $ $$ $b$ $a$, $_x$body$_x$;
SELECT 1 AS "$tag";
CREATE FUNCTION g() RETURNS int LANGUAGE sql AS $fn$SELECT 1$fn$;
SELECT $é$ unicode tag $é$;

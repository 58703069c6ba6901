CREATE FUNCTION public.fizzbuzz(n integer) RETURNS text LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
    IF n % 15 = 0 THEN RETURN 'FizzBuzz'; END IF;
    RETURN n::text;
END;
$$;

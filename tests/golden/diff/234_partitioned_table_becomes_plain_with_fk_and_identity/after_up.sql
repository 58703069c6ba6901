SELECT (SELECT count(*) FROM public.ledger_2026) = 2;

INSERT INTO public.accounts (name) VALUES ('a');
INSERT INTO public.ledger VALUES (1, '2026-02-01', 5), (1, '2026-03-01', 6);

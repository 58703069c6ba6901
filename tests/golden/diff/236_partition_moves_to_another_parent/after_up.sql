SELECT (SELECT count(*) FROM public.archive_logs) = 1 AND (SELECT count(*) FROM public.current_logs) = 1;

CREATE TYPE public.channel AS ENUM ('email', 'sms', 'fax', 'push');
COMMENT ON TYPE public.channel IS 'Notification channel';
CREATE TABLE public.preferences (
    user_id integer PRIMARY KEY,
    main_channel public.channel NOT NULL DEFAULT 'email',
    fallbacks public.channel[] NOT NULL DEFAULT '{sms}'
);
CREATE VIEW public.email_users AS SELECT user_id FROM public.preferences WHERE main_channel = 'email';

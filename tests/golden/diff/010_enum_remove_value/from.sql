CREATE TYPE public.plan_tier AS ENUM ('free', 'trial', 'pro', 'enterprise');
CREATE TABLE public.subscriptions (
    id integer PRIMARY KEY,
    tier public.plan_tier NOT NULL DEFAULT 'free'
);
CREATE INDEX subscriptions_tier_idx ON public.subscriptions (tier);

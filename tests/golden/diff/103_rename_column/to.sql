CREATE TABLE public.users (
    id integer PRIMARY KEY,
    email text NOT NULL UNIQUE, -- confiture:renamed-from mail
    display_name text -- confiture:renamed-from fullname
);
CREATE INDEX users_fullname_idx ON public.users (display_name);

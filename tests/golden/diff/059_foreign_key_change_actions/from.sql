CREATE TABLE public.teams (id integer PRIMARY KEY);
CREATE TABLE public.members (id integer PRIMARY KEY, team_id integer NOT NULL DEFAULT 0,
    CONSTRAINT members_team_fk FOREIGN KEY (team_id) REFERENCES public.teams (id) ON DELETE CASCADE);

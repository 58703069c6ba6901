CREATE TABLE public."user" (id integer PRIMARY KEY, "select" varchar(40), "from" date, "group" text DEFAULT 'all');
CREATE TABLE public."order" (
    id integer PRIMARY KEY,
    "user" integer NOT NULL REFERENCES public."user" (id),
    "check" boolean NOT NULL DEFAULT false CONSTRAINT "check" CHECK ("check" IS NOT NULL),
    "limit" integer
);
CREATE INDEX "index" ON public."order" ("user", "limit");
CREATE VIEW public."table" AS SELECT o.id, u."select" AS "where" FROM public."order" o JOIN public."user" u ON u.id = o."user";

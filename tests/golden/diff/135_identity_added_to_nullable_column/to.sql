-- Adding an identity needs NOT NULL first; removing one keeps the column.
CREATE TABLE public.items (
    id integer GENERATED ALWAYS AS IDENTITY (START WITH 10 INCREMENT BY 2),
    code bigint,
    name text
);

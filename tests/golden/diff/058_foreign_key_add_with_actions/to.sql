CREATE TABLE public.authors (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.books (
    id integer PRIMARY KEY,
    author_id integer CONSTRAINT books_author_fk REFERENCES public.authors (id) ON DELETE CASCADE ON UPDATE CASCADE,
    editor_id integer CONSTRAINT books_editor_fk REFERENCES public.authors (id) ON DELETE SET NULL,
    title text NOT NULL
);

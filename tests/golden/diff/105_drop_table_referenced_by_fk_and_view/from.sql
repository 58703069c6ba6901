CREATE TABLE public.categories (id integer PRIMARY KEY, name text NOT NULL);
CREATE TABLE public.products (id integer PRIMARY KEY, category_id integer REFERENCES public.categories (id), name text);
CREATE VIEW public.product_categories AS
    SELECT p.id, p.name, c.name AS category FROM public.products p LEFT JOIN public.categories c ON c.id = p.category_id;

CREATE TABLE public.prices (id integer PRIMARY KEY, amount numeric CONSTRAINT prices_amount_nonnegative CHECK (amount >= 0));

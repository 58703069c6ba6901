/**
 * Sync fixtures: a source and a target database on the test server with the same schema, filled
 * by SQL; helpers to read counts, content hashes and constraint states.
 */
import { connect, type Database } from "../../../src/db/mod.ts";
import { createTestDatabase, type TestDatabase } from "../../_helpers/db.ts";

/** A schema with a self-reference, a two-table cycle, a trigger, sequences and a dependent table. */
export const SHOP_SCHEMA = `
CREATE TABLE public.users (
  id bigint PRIMARY KEY,
  email text NOT NULL UNIQUE,
  manager_id bigint REFERENCES public.users (id),
  created_at timestamptz NOT NULL DEFAULT now()
);
CREATE TABLE public.teams (id int PRIMARY KEY, name text NOT NULL, lead_id int);
CREATE TABLE public.members (
  id int PRIMARY KEY,
  team_id int NOT NULL REFERENCES public.teams (id),
  user_id bigint REFERENCES public.users (id)
);
ALTER TABLE public.teams ADD CONSTRAINT teams_lead_fk FOREIGN KEY (lead_id) REFERENCES public.members (id)
  DEFERRABLE INITIALLY DEFERRED;
CREATE TABLE public.orders (
  id bigserial PRIMARY KEY,
  user_id bigint NOT NULL REFERENCES public.users (id),
  total numeric(10,2) NOT NULL,
  note text,
  placed_at timestamptz NOT NULL DEFAULT now(),
  total_cents bigint GENERATED ALWAYS AS ((total * 100)::bigint) STORED
);
COMMENT ON CONSTRAINT orders_user_id_fkey ON public.orders IS 'every order has a customer';
CREATE FUNCTION public.zero_total() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN NEW.total := 0; RETURN NEW; END $$;
CREATE TRIGGER orders_zero BEFORE INSERT ON public.orders FOR EACH ROW EXECUTE FUNCTION public.zero_total();
CREATE TABLE public.order_notes (id serial PRIMARY KEY, order_id bigint REFERENCES public.orders (id), body text);
`;

/** Rows for {@link SHOP_SCHEMA} (the trigger is disabled while they are written). */
export const SHOP_DATA = `
ALTER TABLE public.orders DISABLE TRIGGER orders_zero;
INSERT INTO public.users (id, email, manager_id, created_at)
  SELECT g, 'user' || g || '@example.com', CASE WHEN g > 1 THEN (g - 1) / 2 + 1 END,
         timestamptz '2026-01-01 10:00:00+00' + g * interval '1 hour'
    FROM generate_series(1, 300) g;
BEGIN;
INSERT INTO public.teams SELECT g, 'team ' || g, g * 10 FROM generate_series(1, 5) g;
INSERT INTO public.members SELECT g, (g - 1) / 10 + 1, g FROM generate_series(1, 50) g;
COMMIT;
INSERT INTO public.orders (user_id, total, note, placed_at)
  SELECT (g % 300) + 1, (g % 97) + 0.5, CASE WHEN g % 7 = 0 THEN NULL ELSE E'line\\twith\\ttabs and \\\\ and\\nnewline ' || g END,
         timestamptz '2026-02-01 00:00:00+00' + g * interval '1 minute'
    FROM generate_series(1, 2000) g;
INSERT INTO public.order_notes (order_id, body) SELECT g, 'note ' || g FROM generate_series(1, 20) g;
ALTER TABLE public.orders ENABLE TRIGGER orders_zero;
`;

/** A source and a target database. */
export interface Pair {
  source: TestDatabase;
  target: TestDatabase;
  drop(): Promise<void>;
  [Symbol.asyncDispose](): Promise<void>;
}

/** Runs SQL on a database URL. */
export async function execOn(url: string, sql: string): Promise<void> {
  const db = await connect({ url, source: "flag" });
  try {
    await db.exec(sql);
  } finally {
    await db.close();
  }
}

/** Runs a query on a database URL. */
export async function queryOn<T = Record<string, unknown>>(
  url: string,
  sql: string,
  params: unknown[] = [],
): Promise<T[]> {
  const db = await connect({ url, source: "flag" });
  try {
    return await db.query<T>(sql, params);
  } finally {
    await db.close();
  }
}

/** Creates a source with `schema` and `data`, and a target with `schema` (and `targetData`). */
export async function makePair(label: string, schema: string, data: string, targetData = ""): Promise<Pair> {
  const source = await createTestDatabase(`${label}_src`);
  const target = await createTestDatabase(`${label}_dst`);
  const drop = async () => {
    await Promise.allSettled([source.drop(), target.drop()]);
  };
  try {
    await execOn(source.url, schema + data);
    await execOn(target.url, schema + targetData);
  } catch (e) {
    await drop();
    throw e;
  }
  return { source, target, drop, [Symbol.asyncDispose]: drop };
}

/** `table → count` of the given tables. */
export async function counts(db: Database | string, tables: string[]): Promise<Record<string, number>> {
  const s = typeof db === "string" ? await connect({ url: db, source: "flag" }) : db;
  try {
    const out: Record<string, number> = {};
    for (const t of tables) out[t] = Number((await s.query<{ n: string }>(`SELECT count(*) AS n FROM ${t}`))[0].n);
    return out;
  } finally {
    if (typeof db === "string") await s.close();
  }
}

/** Every row of `table` as text, sorted: an exact comparison of two tables' contents. */
export async function rowsOf(url: string, table: string): Promise<string[]> {
  const rows = await queryOn<{ r: string }>(url, `SELECT x::text AS r FROM ${table} AS x ORDER BY 1`);
  return rows.map((r) => r.r);
}

/** The constraints, triggers and indexes of the public schema, as text: equal before and after a run. */
export async function schemaState(url: string): Promise<string[]> {
  const rows = await queryOn<{ s: string }>(
    url,
    `SELECT 'constraint ' || conrelid::regclass || ' ' || conname || ' ' || pg_get_constraintdef(oid) ||
            ' valid=' || convalidated || ' comment=' || coalesce(obj_description(oid, 'pg_constraint'), '') AS s
       FROM pg_constraint WHERE connamespace = 'public'::regnamespace AND conrelid::regclass::text <> 'confiture_sync_state'
     UNION ALL
     SELECT 'trigger ' || tgrelid::regclass || ' ' || tgname || ' ' || tgenabled::text FROM pg_trigger WHERE NOT tgisinternal
     UNION ALL
     SELECT 'index ' || indexrelid::regclass || ' valid=' || indisvalid FROM pg_index
      WHERE indrelid IN (SELECT oid FROM pg_class WHERE relnamespace = 'public'::regnamespace
                           AND relname <> 'confiture_sync_state')
     ORDER BY 1`,
  );
  return rows.map((r) => r.s);
}

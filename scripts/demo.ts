/**
 * `deno task demo`: runs Confiture's main jobs on a copy of the example project
 * in db/, against the embedded PostgreSQL (no server needed), and prints what
 * it did. Each step is a real CLI invocation, run in this process.
 */
import { join } from "node:path";
import { run } from "../src/cli/mod.ts";

const repo = new URL("..", import.meta.url).pathname;
const work = await Deno.makeTempDir({ prefix: "confiture-demo-" });
const started = performance.now();
const enc = new TextEncoder();
const say = (s: string) => Deno.stdout.writeSync(enc.encode(s + "\n"));

async function copyDir(from: string, to: string): Promise<void> {
  await Deno.mkdir(to, { recursive: true });
  for await (const e of Deno.readDir(from)) {
    if (e.isDirectory) await copyDir(join(from, e.name), join(to, e.name));
    else if (e.isFile) await Deno.copyFile(join(from, e.name), join(to, e.name));
  }
}

/** Runs one CLI command in the demo project, echoing it; throws when it fails. */
async function step(title: string, args: string[], okCodes: number[] = [0]): Promise<void> {
  say(`\n== ${title}\n$ confiture ${args.join(" ")}`);
  const t0 = performance.now();
  const code = await run(args, { cwd: work });
  say(`   (exit ${code}, ${Math.round(performance.now() - t0)} ms)`);
  if (!okCodes.includes(code)) throw new Error(`demo step failed: confiture ${args.join(" ")} exited ${code}`);
}

try {
  await copyDir(join(repo, "db"), join(work, "db"));
  say(`Confiture demo in ${work} (a copy of the example project db/), on the embedded PostgreSQL.`);

  await step("The command line", ["--version"]);

  // STEPS: each medium adds its steps below, in order (build, migrate, diff).

  // Build from DDL: db/schema -> one schema file and its hash, then applied to the embedded engine.
  await step("Build one schema file from db/schema, with its hash", ["build", "--show-hash"]);
  await step("Apply the build and the seeds to the embedded PostgreSQL, in one transaction", [
    "build",
    "--apply",
    "--with-seeds",
    "--show-hash",
  ]);

  // Sync: the example database (built and seeded above) copied into a second embedded one, built
  // from the same tree first; db/sync.yaml anonymizes the customers on the way (--random: a key for
  // this run only); then compared table by table.
  const stagingDb = `embedded:${join(work, "staging-demo")}`;
  await step("Build a second database from the tree: the sync's target", [
    "build",
    "--apply",
    "--database-url",
    stagingDb,
  ]);
  await step("Sync plan: tables in load order, and every column with its PII class and rule", [
    "sync",
    "--from",
    "local",
    "--to",
    stagingDb,
    "--plan",
  ]);
  await step("Sync the example database into it, anonymizing the customers, then verify", [
    "sync",
    "--from",
    "local",
    "--to",
    stagingDb,
    "--random",
    "--verify",
  ]);

  // Schema-to-schema: a new shape of the shop (db/schema_next, environment "next") built into a
  // third embedded database, filled from the example database through a mapping: products.name
  // renamed by a hint, price_cents turned into a decimal price by an expression; then verified,
  // and the switch recorded.
  await copyDir(join(work, "db/schema"), join(work, "db/schema_next"));
  const nextFile = (p: string) => join(work, "db/schema_next", p);
  const edit = async (path: string, from: string, to: string) => {
    const text = await Deno.readTextFile(path);
    if (!text.includes(from)) throw new Error(`demo: ${path} no longer holds ${JSON.stringify(from)}`);
    await Deno.writeTextFile(path, text.replace(from, to));
  };
  await edit(
    nextFile("10_tables/20_products.sql"),
    "    name         text NOT NULL,\n    price_cents  integer NOT NULL CHECK (price_cents >= 0),",
    "    title        text NOT NULL, -- confiture:renamed-from name\n    price        numeric(10,2) NOT NULL CHECK (price >= 0),",
  );
  await edit(nextFile("10_tables/20_products.sql"), "(name) WHERE active", "(title) WHERE active");
  await Deno.writeTextFile(
    join(work, "db/environments/next.yaml"),
    "# The new shape of the schema, for schema-to-schema\ninclude_dirs: [db/schema_next]\ntracking_table: tb_confiture\n",
  );
  const mappingFile = 'tables:\n  shop.products:\n    columns:\n      price: { expression: "price_cents / 100.0" }\n';
  await Deno.writeTextFile(join(work, "db/schema_to_schema.yaml"), mappingFile);
  say(`\n== A new shape of the shop in db/schema_next (products: name -> title by a hint, price_cents -> price),
   the environment "next" reading it, and db/schema_to_schema.yaml:\n${mappingFile.trimEnd()}`);
  const nextDb = `embedded:${join(work, "next-demo")}`;
  const s2s = ["--env", "next", "--source", "local", "--target", nextDb];
  await step("Schema-to-schema plan: the target built from db/schema_next, each table's source and strategy", [
    "schema-to-schema",
    "plan",
    ...s2s,
  ]);
  await step("Move the data, then verify it (counts, content hashes, keys, sequences)", [
    "schema-to-schema",
    "run",
    ...s2s,
    "--verify",
  ]);
  await step("Cut over (across databases: the switch is recorded, the URL to use printed)", [
    "schema-to-schema",
    "cutover",
    ...s2s,
  ]);

  // Versioned migrations, on their own embedded database (the build steps use the default one).
  const migrationsDb = `embedded:${join(work, "migrations-demo")}`;
  await step("Migrations before: pending (exit 2)", ["migrate", "status", "--database-url", migrationsDb], [2]);
  await step("Apply the migrations", ["migrate", "up", "--database-url", migrationsDb]);
  await step("Migrations after: all applied", ["migrate", "status", "--database-url", migrationsDb]);

  // Diff and migrate generate: change the schema tree (in this copy), see what the migrated
  // embedded database lacks, generate the migration for it, apply it, and diff again.
  const customers = join(work, "db/schema/10_tables/10_customers.sql");
  const ddl = await Deno.readTextFile(customers);
  const changed = ddl.replace(
    "    phone       text,\n",
    "    phone       text,\n    loyalty_tier smallint NOT NULL DEFAULT 0,\n",
  ) + "\nCREATE INDEX customers_loyalty_tier_idx ON shop.customers (loyalty_tier);\n";
  if (changed === ddl + "\nCREATE INDEX customers_loyalty_tier_idx ON shop.customers (loyalty_tier);\n") {
    throw new Error("demo: db/schema/10_tables/10_customers.sql no longer has the phone column");
  }
  await Deno.writeTextFile(customers, changed);
  say("\n== Edit db/schema/10_tables/10_customers.sql: add a loyalty_tier column and an index on it");
  await step("Diff: the SQL that brings the embedded database to the schema tree (exit 2: differences)", [
    "diff",
    "--from",
    "database",
    "--to",
    "schema",
    "--exit-code",
    "--database-url",
    migrationsDb,
  ], [2]);
  await step("Generate the migration for it (up and down files, hazards in the header)", [
    "migrate",
    "generate",
    "add_customer_loyalty_tier",
    "--database-url",
    migrationsDb,
  ]);
  const generated = [...Deno.readDirSync(join(work, "db/migrations"))].map((e) => e.name)
    .filter((n) => n.includes("add_customer_loyalty_tier")).sort().reverse(); // .up.sql, then .down.sql
  for (const name of generated) {
    say(`\n-- db/migrations/${name}\n${(await Deno.readTextFile(join(work, "db/migrations", name))).trimEnd()}`);
  }
  await step("Apply it", ["migrate", "up", "--database-url", migrationsDb]);
  await step("Diff again: no differences (exit 0)", ["diff", "--exit-code", "--database-url", migrationsDb]);

  // GraphQL SDL: the data model of an API generates DDL files in the tree; an SDL edit (a rename
  // with @renamedFrom, a new non-null field) becomes a migration that keeps the data.
  const sdlPath = join(work, "api/schema.graphql");
  await Deno.mkdir(join(work, "api"), { recursive: true });
  const sdl = `"""A customer's opinion of a product."""
type Review {
  id: ID! @id
  rating: Int! @check(sql: "rating BETWEEN 1 AND 5")
  body: String
  createdAt: DateTime! @default(sql: "now()")
}
`;
  await Deno.writeTextFile(sdlPath, sdl);
  say(`\n== A GraphQL data model, api/schema.graphql:\n${sdl.trimEnd()}`);
  await step("Generate its DDL files into the tree (one per type, in dependency order)", [
    "graphql",
    "api/schema.graphql",
    "--schema",
    "shop",
  ]);
  await step("... and the migration that creates it", [
    "migrate",
    "generate",
    "add_reviews",
    "--database-url",
    migrationsDb,
  ]);
  await step("Apply it", ["migrate", "up", "--quiet", "--database-url", migrationsDb]);
  const edited = sdl.replace(
    "  body: String\n",
    '  comment: String @renamedFrom(name: "body")\n  helpful: Int! @default(value: 0)\n',
  );
  await Deno.writeTextFile(sdlPath, edited);
  say(
    '\n== Edit the SDL: rename Review.body to comment (@renamedFrom(name: "body")), add helpful: Int! @default(value: 0)',
  );
  await step("Regenerate the tree", ["graphql", "api/schema.graphql", "--schema", "shop"]);
  await step("The migration for the edit: a RENAME that keeps the data, and the new column", [
    "migrate",
    "generate",
    "review_comment",
    "--database-url",
    migrationsDb,
  ]);
  const reviewUp = [...Deno.readDirSync(join(work, "db/migrations"))].map((e) => e.name)
    .find((n) => n.includes("review_comment") && n.endsWith(".up.sql"));
  if (!reviewUp) throw new Error("demo: migrate generate wrote no review_comment migration");
  say(`\n-- db/migrations/${reviewUp}\n${(await Deno.readTextFile(join(work, "db/migrations", reviewUp))).trimEnd()}`);
  await step("Apply it", ["migrate", "up", "--database-url", migrationsDb]);

  say(`\nDemo finished in ${((performance.now() - started) / 1000).toFixed(1)} s.`);
} finally {
  await Deno.remove(work, { recursive: true });
}

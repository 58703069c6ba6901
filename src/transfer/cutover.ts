/**
 * `schema-to-schema cutover` and `rollback`: switching applications from the source to the
 * target, and back.
 *
 * Cutover refuses unless the last run finished, a `verify` passed after it (and after any
 * rollback), and the source's write counters are where that verify read them.
 *
 * - **One server** (source and target share the server's system identifier): the source database
 *   is renamed out of the way (`<name>_s2s_old`, or `renameSourceTo`) and the target takes its
 *   name, both renames in one transaction, so applications keep their connection string. New
 *   connections to both are refused meanwhile; sessions connected to either database are listed
 *   and block the switch, unless `terminate` ends them (the counters are read again once they
 *   are gone). `rollback`, given the same arguments, swaps the names back.
 * - **Across servers**: the switch is recorded in the target's state and the command gives the
 *   connection string to use; `rollback` records the way back and gives the source's.
 *
 * Either way a `--freeze-source` freeze is lifted (the source's own setting restored).
 * @module
 */
import {
  connect,
  type Database,
  displayUrl,
  isEmbeddedUrl,
  maintenanceUrl,
  parseServerUrl,
  type Session,
} from "../db/mod.ts";
import { ConfitureError } from "../errors/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { unfreezeSource } from "./freeze.ts";
import { identify } from "./prepare.ts";
import {
  changedTables,
  type CutoverNote,
  type GlobalNotes,
  globalNotes,
  runNotes,
  setGlobalNote,
  STATE,
  writeCounters,
} from "./state.ts";

/** Options of {@link cutover} and {@link rollback}. */
export interface CutoverOptions {
  /** URL of the old database (the source of the run). */
  source: string;
  /** URL of the new database (the target of the run). */
  target: string;
  /** End the sessions connected to the databases being renamed (one server). */
  terminate?: boolean;
  /** The source's new name on one server (default `<name>_s2s_old`). */
  renameSourceTo?: string;
  /** Receives progress events and warnings. */
  onEvent?: (e: { type: "warning"; message: string } | { type: "phase"; phase: string; detail?: string }) => void;
}

/** What a cutover or rollback did. */
export interface CutoverResult {
  /** `rename`: the databases swapped names (one server); `switch`: applications move to the target URL; `none`: nothing to do. */
  mode: "rename" | "switch" | "none";
  /** The URL applications use from now on (password redacted). */
  use: string;
  /** The database names before and after (one server). */
  renamed: { from: string; to: string }[];
  /** The source's freeze was lifted. */
  unfrozen: boolean;
  /** The sessions ended (`terminate`). */
  terminated: number;
  /** Remarks that did not stop it. */
  warnings: string[];
}

/** A session that blocks a rename: who and what, never its query text. */
interface Blocker {
  pid: number;
  database: string;
  user: string;
  application: string;
  client: string | null;
  state: string | null;
}

const show = (url: string) => (isEmbeddedUrl(url) ? url : displayUrl(parseServerUrl(url)));

function isMissingDatabase(e: unknown): boolean {
  return e instanceof ConfitureError && e.sqlstate === "3D000";
}

/** Connects, or undefined when the URL's database does not exist. */
async function tryConnect(url: string): Promise<Database | undefined> {
  try {
    return await connect({ url, source: "flag", applicationName: "confiture s2s (cutover)" });
  } catch (e) {
    if (isMissingDatabase(e)) return undefined;
    throw e;
  }
}

/**
 * The database holding the state: the target, or, after a cutover by renames, the database that
 * now bears the source's name (the former target).
 */
export async function openState(
  opts: Pick<CutoverOptions, "source" | "target">,
  lenient = false,
): Promise<{ db: Database; renamed: boolean; notes: GlobalNotes }> {
  const target = await tryConnect(opts.target);
  if (target) {
    if (await STATE.exists(target)) return { db: target, renamed: false, notes: await globalNotes(target) };
    if (lenient) return { db: target, renamed: false, notes: {} };
    await target.close();
    throw new ConfitureError("S2S_NO_RUN", "there is no schema-to-schema state on the target", {
      hint: "schema-to-schema run, then verify, come first",
    });
  }
  const targetName = parseServerUrl(opts.target).pathname.slice(1);
  const moved = await tryConnect(opts.source);
  if (moved && (await STATE.exists(moved))) {
    const notes = await globalNotes(moved);
    if (
      notes.cutover?.active && notes.cutover.mode === "rename" &&
      notes.cutover.target === decodeURIComponent(targetName)
    ) {
      return { db: moved, renamed: true, notes };
    }
  }
  await moved?.close();
  throw new ConfitureError(
    "CONNECTION_FAILED",
    `the target database ${decodeURIComponent(targetName)} does not exist`,
    {
      hint: "give the same --source and --target as the run",
    },
  );
}

async function blockers(db: Session, databases: string[], ours: number[]): Promise<Blocker[]> {
  return await db.query<Blocker>(
    `SELECT pid, datname AS database, usename AS "user", application_name AS application,
            client_addr::text AS client, state
       FROM pg_catalog.pg_stat_activity
      WHERE datname IN (SELECT pg_catalog.jsonb_array_elements_text($1::text::jsonb))
        AND pid NOT IN (SELECT pg_catalog.jsonb_array_elements_text($2::text::jsonb)::int) ORDER BY pid`,
    [JSON.stringify(databases), JSON.stringify(ours)],
  );
}

function blockedError(list: Blocker[], what: string): ConfitureError {
  return new ConfitureError("S2S_SESSIONS_BLOCK", `${list.length} session(s) are connected to the databases ${what}`, {
    detail: list.map((b) =>
      `pid ${b.pid} on ${b.database}: user ${b.user}, application "${b.application}"${
        b.client ? `, from ${b.client}` : ""
      }${b.state ? `, ${b.state}` : ""}`
    ).join("\n"),
    hint: "stop them, or add --terminate to end them",
  });
}

/** Waits (up to `ms`) until no session of `databases` but `ours` is left; returns those left. */
async function settle(db: Session, databases: string[], ours: number[], ms: number): Promise<Blocker[]> {
  let list = await blockers(db, databases, ours);
  for (let waited = 0; list.length && waited < ms; waited += 100) {
    await new Promise((r) => setTimeout(r, 100));
    list = await blockers(db, databases, ours);
  }
  return list;
}

/**
 * Renames on one server, through its maintenance database: connections to the databases are
 * refused meanwhile; sessions are listed or ended; `held` (a session on one of them, opened
 * before) checks what it must once the others are gone, and is closed; then `renames` run in
 * one transaction.
 */
async function swap(
  serverUrl: string,
  databases: string[],
  renames: [string, string][],
  opts: CutoverOptions,
  held?: { db: Database; check(db: Session): Promise<void> },
): Promise<number> {
  const u = parseServerUrl(serverUrl);
  const admin = await connect({
    url: maintenanceUrl(u, databases.includes("postgres") ? "postgres" : undefined),
    source: "flag",
    applicationName: "confiture s2s (cutover)",
  });
  let terminated = 0;
  const allowed = await admin.query<{ name: string; allow: boolean }>(
    `SELECT datname AS name, datallowconn AS allow FROM pg_catalog.pg_database
      WHERE datname IN (SELECT pg_catalog.jsonb_array_elements_text($1::text::jsonb))`,
    [JSON.stringify(databases)],
  );
  const reopen: string[] = allowed.filter((a) => a.allow).map((a) => a.name);
  let heldOpen = held !== undefined;
  try {
    const [{ pid }] = await admin.query<{ pid: number }>("SELECT pg_catalog.pg_backend_pid() AS pid");
    const ours = [pid];
    if (held) ours.push((await held.db.query<{ pid: number }>("SELECT pg_catalog.pg_backend_pid() AS pid"))[0].pid);
    // Our own sessions closed just before may take a moment to leave.
    let list = await settle(admin, databases, ours, 2_000);
    if (list.length && !opts.terminate) throw blockedError(list, `to rename (${databases.join(", ")})`);
    for (const d of reopen) await admin.exec(`ALTER DATABASE ${quoteIdent(d)} ALLOW_CONNECTIONS false`);
    list = await blockers(admin, databases, ours);
    if (list.length && !opts.terminate) throw blockedError(list, `to rename (${databases.join(", ")})`);
    if (list.length) {
      await admin.query(
        "SELECT pg_catalog.pg_terminate_backend(p::int) FROM pg_catalog.jsonb_array_elements_text($1::text::jsonb) AS p",
        [JSON.stringify(list.map((b) => b.pid))],
      );
      terminated = list.length;
      const left = await settle(admin, databases, ours, 10_000);
      if (left.length) throw blockedError(left, "after they were asked to end");
      // Ended sessions write their statistics as they exit: give them a moment.
      await new Promise((r) => setTimeout(r, 300));
    }
    if (held) {
      await held.check(held.db);
      await held.db.close();
      heldOpen = false;
      const left = await settle(admin, databases, [pid], 5_000);
      if (left.length) throw blockedError(left, `to rename (${databases.join(", ")})`);
    }
    await admin.transaction(async (tx) => {
      for (const [from, to] of renames) await tx.exec(`ALTER DATABASE ${quoteIdent(from)} RENAME TO ${quoteIdent(to)}`);
    });
    const after = new Map(renames);
    for (let i = 0; i < reopen.length; i++) reopen[i] = after.get(reopen[i]) ?? reopen[i];
    return terminated;
  } finally {
    if (heldOpen) await Promise.allSettled([held!.db.close()]);
    for (const d of reopen) {
      try {
        await admin.exec(`ALTER DATABASE ${quoteIdent(d)} ALLOW_CONNECTIONS true`);
      } catch (e) {
        opts.onEvent?.({
          type: "warning",
          message: `could not allow connections to ${d} again: ${e instanceof Error ? e.message : String(e)}`,
        });
      }
    }
    await admin.close();
  }
}

function oldName(source: string, asked?: string): string {
  if (asked) return asked;
  const suffix = "_s2s_old";
  let head = source;
  while (new TextEncoder().encode(head + suffix).length > 63) head = head.slice(0, -1);
  return head + suffix;
}

/**
 * Switches applications to the target (see the module documentation).
 *
 * @example
 * ```ts
 * import { schemaToSchemaCutover } from "./mod.ts";
 * const r = await schemaToSchemaCutover({ source: "postgres://app@db/app", target: "postgres://app@db/app_next" });
 * console.log(r.mode, r.use); // "rename", the URL applications use from now on
 * ```
 */
export async function cutover(opts: CutoverOptions): Promise<CutoverResult> {
  const warnings: string[] = [];
  const warn = (message: string) => {
    warnings.push(message);
    opts.onEvent?.({ type: "warning", message });
  };
  const { db: target, renamed, notes } = await openState(opts);
  let source: Database | undefined;
  try {
    if (renamed || notes.cutover?.active) {
      throw new ConfitureError("REFUSED_UNSAFE", "the cutover is done already", {
        detail: `applications use ${notes.cutover?.use ?? "the target"}`,
        hint: "schema-to-schema rollback swaps back",
      });
    }
    const run = await STATE.latestRun(target);
    if (!run || run.rows.some((r) => r.finishedAt === null)) {
      throw new ConfitureError("S2S_NOT_VERIFIED", "the last run did not finish: nothing to cut over to", {
        hint: "run again, then verify",
      });
    }
    const rn = await runNotes(target, run.runId);
    const after = [rn.finished, notes.rollback?.at].filter((x): x is string => !!x).map((x) => Date.parse(x));
    if (!rn.verify || !rn.verify.ok || after.some((t) => Date.parse(rn.verify!.at) < t)) {
      throw new ConfitureError(
        "S2S_NOT_VERIFIED",
        !rn.verify || after.some((t) => Date.parse(rn.verify!.at) < t)
          ? "no verify passed since the last run"
          : "the last verify found differences",
        { detail: rn.verify?.failures.join("\n") || undefined, hint: "schema-to-schema verify, then cutover" },
      );
    }
    source = await connect({ url: opts.source, source: "flag", applicationName: "confiture s2s (cutover)" });
    const { names, sameServer } = await identify(opts, source, target);
    const recheck = async (db: Session) => {
      const now = await writeCounters(db, Object.keys(rn.verify!.counters));
      const changed = changedTables(rn.verify!.counters, now.counters);
      if (changed.length) {
        throw new ConfitureError("S2S_NOT_VERIFIED", `the source changed since verify: ${changed.join(", ")}`, {
          detail: "rows were written to these tables after the verify read them",
          hint: "stop the writes (or --freeze-source on a new run), run again, verify, then cut over",
        });
      }
    };
    await recheck(source);
    if (!sameServer) {
      const [{ n }] = await source.query<{ n: string }>(
        `SELECT count(*)::text AS n FROM pg_catalog.pg_stat_activity WHERE datname = pg_catalog.current_database()
            AND pid <> pg_catalog.pg_backend_pid() AND backend_type = 'client backend'`,
      );
      if (n !== "0") warn(`${n} session(s) are still connected to the source: point them at the target`);
      let unfrozen = false;
      if (notes.freeze?.active) {
        await unfreezeSource(source, notes.freeze);
        await setGlobalNote(target, "freeze", { ...notes.freeze, active: false });
        unfrozen = true;
      }
      const note: CutoverNote = {
        mode: "switch",
        source: names.source,
        target: names.target,
        use: show(opts.target),
        active: true,
        runId: run.runId,
      };
      await setGlobalNote(target, "cutover", note);
      return { mode: "switch", use: note.use, renamed: [], unfrozen, terminated: 0, warnings };
    }
    // One server: rename.
    const old = oldName(names.source, opts.renameSourceTo);
    const [exists] = await source.query<{ n: string }>(
      "SELECT count(*)::text AS n FROM pg_catalog.pg_database WHERE datname = $1",
      [old],
    );
    if (exists.n !== "0") {
      throw new ConfitureError("REFUSED_UNSAFE", `a database named ${old} exists already`, {
        hint: "name the source's new name with --rename-source-to",
      });
    }
    const note: CutoverNote = {
      mode: "rename",
      source: names.source,
      target: names.target,
      sourceRenamedTo: old,
      use: show(opts.source),
      active: true,
      runId: run.runId,
    };
    await setGlobalNote(target, "cutover", note);
    await target.close();
    const held = source;
    source = undefined;
    let terminated = 0;
    try {
      terminated = await swap(
        opts.target,
        [names.source, names.target],
        [[names.source, old], [names.target, names.source]],
        opts,
        // The writers are gone now, their last counts in: compare once more.
        { db: held, check: () => recheck(held) },
      );
    } catch (e) {
      await withState(opts.target, async (db) => await setGlobalNote(db, "cutover", { ...note, active: false }));
      throw e;
    }
    let unfrozen = false;
    await withState(opts.source, async (db) => {
      if (notes.freeze?.active) {
        await unfreezeSource(db, notes.freeze, old);
        await setGlobalNote(db, "freeze", { ...notes.freeze, active: false });
        unfrozen = true;
      }
    });
    return {
      mode: "rename",
      use: note.use,
      renamed: [{ from: names.source, to: old }, { from: names.target, to: names.source }],
      unfrozen,
      terminated,
      warnings,
    };
  } finally {
    await Promise.allSettled([target.close(), source?.close()]);
  }
}

async function withState(url: string, fn: (db: Database) => Promise<void>): Promise<void> {
  const db = await connect({ url, source: "flag", applicationName: "confiture s2s (cutover)" });
  try {
    await fn(db);
  } finally {
    await db.close();
  }
}

/**
 * Switches back to the source (see the module documentation).
 *
 * @example
 * ```ts
 * import { schemaToSchemaRollback } from "./mod.ts";
 * const r = await schemaToSchemaRollback({ source: "postgres://app@db/app", target: "postgres://app@db/app_next" });
 * console.log(r.renamed, r.unfrozen);
 * ```
 */
export async function rollback(opts: CutoverOptions): Promise<CutoverResult> {
  const warnings: string[] = [];
  const { db, renamed, notes } = await openState(opts);
  let open = true;
  try {
    const c = notes.cutover;
    if (!c?.active) {
      let unfrozen = false;
      if (notes.freeze?.active) {
        await withState(opts.source, async (src) => await unfreezeSource(src, notes.freeze!));
        await setGlobalNote(db, "freeze", { ...notes.freeze, active: false });
        unfrozen = true;
      }
      await setGlobalNote(db, "rollback", { at: new Date().toISOString(), from: null });
      return { mode: "none", use: show(opts.source), renamed: [], unfrozen, terminated: 0, warnings };
    }
    if (c.mode === "switch" || !renamed) {
      await setGlobalNote(db, "cutover", { ...c, active: false });
      await setGlobalNote(db, "rollback", { at: new Date().toISOString(), from: c });
      return { mode: "switch", use: show(opts.source), renamed: [], unfrozen: false, terminated: 0, warnings };
    }
    await db.close();
    open = false;
    const old = c.sourceRenamedTo!;
    const terminated = await swap(opts.source, [c.source, old], [[c.source, c.target], [old, c.source]], opts);
    await withState(opts.target, async (t) => {
      await setGlobalNote(t, "cutover", { ...c, active: false });
      await setGlobalNote(t, "rollback", { at: new Date().toISOString(), from: c });
    });
    return {
      mode: "rename",
      use: show(opts.source),
      renamed: [{ from: c.source, to: c.target }, { from: old, to: c.source }],
      unfrozen: false,
      terminated,
      warnings,
    };
  } finally {
    if (open) await db.close();
  }
}

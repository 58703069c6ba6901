/**
 * `schema-to-schema cleanup`: removes what the migration added to the target — the foreign server
 * with its user mapping (the source's credentials), the private schema with the foreign tables and
 * the state, and the `postgres_fdw` extension when a run created it — and nothing else. A freeze
 * of the source still in place is lifted first (its own setting restored), since the state that
 * remembers it goes.
 * @module
 */
import { connect, type Session } from "../db/mod.ts";
import { quoteIdent } from "../sql/mod.ts";
import { openState } from "./cutover.ts";
import { dropForeignServer } from "./fdw.ts";
import { unfreezeSource } from "./freeze.ts";
import { PRIVATE_SCHEMA } from "./statements.ts";

/** What {@link cleanup} removed. */
export interface CleanupResult {
  /** The objects removed, as sentences. */
  removed: string[];
  /** The source's freeze was lifted. */
  unfrozen: boolean;
  /** The database cleaned (after a cutover by renames: the one that now bears the source's name). */
  database: string;
}

/**
 * Cleans the target (see the module documentation).
 *
 * @example
 * ```ts
 * import { schemaToSchemaCleanup } from "./mod.ts";
 * const r = await schemaToSchemaCleanup({ source: "postgres://app@db/app", target: "postgres://app@db/app_next" });
 * for (const line of r.removed) console.log(line);
 * ```
 */
export async function cleanup(opts: { source: string; target: string }): Promise<CleanupResult> {
  const { db, notes } = await openState(opts, true);
  try {
    let unfrozen = false;
    if (notes.freeze?.active) {
      const src = await connect({ url: opts.source, source: "flag", applicationName: "confiture s2s (cleanup)" });
      try {
        await unfreezeSource(src, notes.freeze);
      } finally {
        await src.close();
      }
      unfrozen = true;
    }
    const removed = await db.transaction(async (tx: Session) => {
      const out = await dropForeignServer(tx, notes.fdw?.createdExtension === true);
      const [r] = await tx.query<{ ok: boolean }>(
        "SELECT EXISTS (SELECT 1 FROM pg_catalog.pg_namespace WHERE nspname = $1) AS ok",
        [PRIVATE_SCHEMA],
      );
      if (r.ok) {
        await tx.exec(`DROP SCHEMA ${quoteIdent(PRIVATE_SCHEMA)} CASCADE`);
        out.push(`schema ${PRIVATE_SCHEMA} (foreign tables and state)`);
      }
      return out;
    });
    const [{ name }] = await db.query<{ name: string }>("SELECT pg_catalog.current_database() AS name");
    return { removed, unfrozen, database: name };
  } finally {
    await db.close();
  }
}

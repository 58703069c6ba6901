/**
 * Rename hints (`-- confiture:renamed-from old_name`): the `from` side takes the new identities
 * of renamed tables and columns, with their RENAME statements, and its definitions name renamed
 * tables as they will read once renamed.
 * @module
 */
import type { Catalog, CatalogObject, ObjectKind } from "../model/mod.ts";
import { quoteIdent, quoteQualified, sqlIdent } from "../sql/mod.ts";
import { renameChange } from "./_pairing.ts";
import type { Change, RenameHint } from "./types.ts";

/**
 * Applies rename hints to the `from` side: the renamed objects (and their children) take
 * their new identities, and RENAME statements are produced. Table renames come first;
 * a column hint may name its table by its new name.
 */
export function renameCatalog(
  from: Catalog,
  renames: RenameHint[],
  notes: string[],
): { objects: Record<string, CatalogObject>; changes: Change[] } {
  if (renames.length === 0) return { objects: from.objects, changes: [] };
  let objects = from.objects;
  const changes: Change[] = [];
  const tableRenames: { from: CatalogObject; newName: string }[] = [];
  const tableHints = renames.filter((h) => h.kind === "table");
  const columnHints = renames.filter((h) => h.kind === "column");
  for (const group of [tableHints, columnHints]) {
    const map = new Map<string, string>();
    for (const h of group) {
      let fromId = h.from;
      if (h.kind === "column" && !objects[fromId]) {
        // The hint names the table by its old name, or by its new name before the table rename.
        const oldTable = tableHints.find((t) => h.from.startsWith("column:" + t.to.slice(6) + "."));
        if (oldTable) fromId = "column:" + oldTable.from.slice(6) + h.from.slice(7 + oldTable.to.slice(6).length);
        const newTable = tableHints.find((t) => h.from.startsWith("column:" + t.from.slice(6) + "."));
        if (!objects[fromId] && newTable) {
          fromId = "column:" + newTable.to.slice(6) + h.from.slice(7 + newTable.from.slice(6).length);
        }
        if (!objects[fromId]) fromId = h.from;
      }
      const f = objects[fromId];
      if (!f || objects[h.to]) {
        notes.push(
          `rename hint ignored: ${h.from} -> ${h.to} (${
            !f ? "the old object does not exist" : "the new name already exists"
          })`,
        );
        continue;
      }
      map.set(fromId, h.to);
      if (h.kind === "table") {
        const oldKey = fromId.slice("table:".length);
        const newKey = h.to.slice("table:".length);
        for (const id of Object.keys(objects)) {
          const o = objects[id];
          if (o.parent !== fromId) continue;
          // Identities under the table's (columns, constraints, triggers, policies…) follow it;
          // schema-level ones (indexes, statistics) keep theirs: pairRenamedChildren renames them.
          const k = id.slice(0, id.indexOf(":") + 1);
          if (id.startsWith(k + oldKey + ".")) map.set(id, k + newKey + id.slice(k.length + oldKey.length));
        }
        tableRenames.push({ from: f, newName: newKey.slice(newKey.indexOf(".") + 1) });
        const newName = newKey.slice(newKey.indexOf(".") + 1);
        changes.push(
          renameChange(
            h.to,
            "table",
            `ALTER TABLE ${quoteQualified(f.schema!, f.name)} RENAME TO ${quoteIdent(newName)}`,
          ),
        );
      } else {
        map.set("default:" + fromId.slice("column:".length), "default:" + h.to.slice("column:".length));
        const newName = h.to.slice(h.to.lastIndexOf(".") + 1);
        const table = objects[f.parent!];
        changes.push(
          renameChange(
            h.to,
            "column",
            `ALTER TABLE ${quoteQualified(table.schema!, table.name)} RENAME COLUMN ${quoteIdent(f.name)} TO ${
              quoteIdent(newName)
            }`,
          ),
        );
      }
    }
    const rn = (id: string) => map.get(id) ?? id;
    const out: Record<string, CatalogObject> = {};
    for (const o of Object.values(objects)) {
      const id = rn(o.id);
      const n: CatalogObject = { ...o, id, deps: o.deps.map(rn), parent: o.parent ? rn(o.parent) : undefined };
      if (id !== o.id && (o.kind === "table" || o.kind === "column")) {
        const rest = id.slice(id.indexOf(":") + 1);
        n.name = o.kind === "table" ? rest.slice(rest.indexOf(".") + 1) : id.slice(id.lastIndexOf(".") + 1);
      }
      if (o.sequence?.ownedBy) n.sequence = { ...o.sequence, ownedBy: rn(o.sequence.ownedBy) };
      if (o.sequence?.identityOf) n.sequence = { ...o.sequence, identityOf: rn(o.sequence.identityOf) };
      if (o.autoDropsWith) n.autoDropsWith = rn(o.autoDropsWith);
      out[id] = n;
    }
    objects = out;
  }
  if (tableRenames.length > 0) objects = renameInDefinitions(objects, tableRenames);
  return { objects, changes };
}

/**
 * How PostgreSQL prints an identifier in definitions (`quote_ident`): bare when it is a plain
 * lowercase name and not a keyword that needs quotes. Used to follow a renamed table in the
 * definitions PostgreSQL derives from object ids; a name printed otherwise only makes the
 * objects look changed, so they are rebuilt, as without this.
 */
function printedIdent(name: string): string {
  return sqlIdent(name);
}

/** Kinds whose definition PostgreSQL prints from object ids, so a renamed table shows its new name. */
const DERIVED_DEFINITION_KINDS = new Set<ObjectKind>([
  "constraint",
  "index",
  "trigger",
  "view",
  "materialized_view",
  "policy",
  "rule",
  "statistics",
]);

/**
 * After table renames, the `from` side's derived definitions (indexes, constraints, triggers,
 * views, policies, rules, statistics) name the tables as they will read once renamed, so that
 * they compare equal to the desired ones instead of being rebuilt. Function bodies are text and
 * keep the old name: a function still naming the old table is replaced, as it must be.
 */
function renameInDefinitions(
  objects: Record<string, CatalogObject>,
  renames: { from: CatalogObject; newName: string }[],
): Record<string, CatalogObject> {
  // As PostgreSQL prints it (pg_get_indexdef…), and always quoted (definitions we assemble).
  const pairs = renames.flatMap((r) => [
    {
      old: `${printedIdent(r.from.schema!)}.${printedIdent(r.from.name)}`,
      now: `${printedIdent(r.from.schema!)}.${printedIdent(r.newName)}`,
    },
    { old: quoteQualified(r.from.schema!, r.from.name), now: quoteQualified(r.from.schema!, r.newName) },
  ]);
  const esc = (x: string) => x.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const re = new RegExp(`(?<![\\w$."])(${pairs.map((p) => esc(p.old)).join("|")})(?![\\w$"])`, "g");
  const byOld = new Map(pairs.map((p) => [p.old, p.now]));
  const out: Record<string, CatalogObject> = {};
  for (const [id, o] of Object.entries(objects)) {
    if (!DERIVED_DEFINITION_KINDS.has(o.kind)) {
      out[id] = o;
      continue;
    }
    const definition = o.definition.replace(re, (m) => byOld.get(m) ?? m);
    out[id] = definition === o.definition ? o : { ...o, definition };
  }
  return out;
}

/**
 * The fraiseql style's views: `v_<entity>` exposes `id` and `data jsonb`, the object as the API
 * serves it (camelCase keys), with to-one relations nested and to-many relations aggregated.
 * Nested objects carry the related type's own columns: a view reads only tables, never another
 * view, so relations that go round (a post's author's posts) cannot make a cycle.
 * @module
 */
import { quoteLiteral } from "../sql/mod.ts";
import type { FieldMapping, TableDef } from "./_schema.ts";
import type { SdlObject } from "./_sdl.ts";
import { fitName, sqlIdent, sqlQualified } from "./naming.ts";

/** One stored type, as the view renderer needs it. */
export interface ViewEntity {
  object: SdlObject;
  table: TableDef;
  fields: Map<string, FieldMapping>;
}

/** `jsonb_build_object` takes at most 100 arguments: longer objects are joined with `||`. */
const MAX_PAIRS = 50;

function buildObject(pairs: [string, string][], indent: string): string {
  if (pairs.length === 0) return "'{}'::jsonb";
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += MAX_PAIRS) {
    const body = pairs.slice(i, i + MAX_PAIRS).map(([k, v]) => `${indent}    ${quoteLiteral(k)}, ${v}`).join(",\n");
    chunks.push(`jsonb_build_object(\n${body}\n${indent})`);
  }
  return chunks.join(` || `);
}

/** The flat object of a related row (its columns only), on one line. */
function flatObject(e: ViewEntity, alias: string): string {
  const pairs: string[] = [];
  for (const f of e.object.fields) {
    const m = e.fields.get(f.name);
    if (m?.kind === "column") pairs.push(`${quoteLiteral(f.name)}, ${alias}.${sqlIdent(m.column)}`);
  }
  if (pairs.length === 0) return "'{}'::jsonb";
  const chunks: string[] = [];
  for (let i = 0; i < pairs.length; i += MAX_PAIRS) {
    chunks.push(`jsonb_build_object(${pairs.slice(i, i + MAX_PAIRS).join(", ")})`);
  }
  return chunks.join(" || ");
}

/** A subquery in the object, one clause a line. */
const sub = (...clauses: string[]) => `(\n${clauses.map((c) => `            ${c}`).join("\n")}\n        )`;

const eq = (left: string, lcols: string[], right: string, rcols: string[]) =>
  lcols.map((c, i) => `${left}.${sqlIdent(c)} = ${right}.${sqlIdent(rcols[i])}`).join(" AND ");

/** The name of the view of an entity table (`tb_post` → `v_post`). */
export function viewName(table: TableDef): string {
  return fitName(`v_${table.name.replace(/^tb_/, "")}`);
}

/** `CREATE VIEW v_<entity> …` and its comment, for one stored type. */
export function renderView(e: ViewEntity, byTable: Map<TableDef, ViewEntity>, schema: string): string {
  const q = (t: TableDef) => sqlQualified(schema, t.name);
  const keyOf = (t: TableDef) => t.primaryKey!.columns;
  const pairs: [string, string][] = [];
  for (const f of e.object.fields) {
    const m = e.fields.get(f.name);
    if (!m) continue;
    switch (m.kind) {
      case "column":
        pairs.push([f.name, `t.${sqlIdent(m.column)}`]);
        break;
      case "toOne": {
        const r = m.relation;
        const target = byTable.get(r.target)!;
        pairs.push([
          f.name,
          sub(
            `SELECT ${flatObject(target, "r")}`,
            `FROM ${q(r.target)} AS r`,
            `WHERE ${eq("r", r.targetColumns, "t", r.columns)}`,
          ),
        ]);
        break;
      }
      case "inverseOne": {
        const r = m.relation;
        const owner = byTable.get(r.table)!;
        pairs.push([
          f.name,
          sub(
            `SELECT ${flatObject(owner, "r")}`,
            `FROM ${q(r.table)} AS r`,
            `WHERE ${eq("r", r.columns, "t", r.targetColumns)}`,
          ),
        ]);
        break;
      }
      case "toMany": {
        const r = m.relation;
        const child = byTable.get(r.table)!;
        const order = keyOf(r.table).map((c) => `r.${sqlIdent(c)}`).join(", ");
        pairs.push([
          f.name,
          `COALESCE(${
            sub(
              `SELECT jsonb_agg(${flatObject(child, "r")} ORDER BY ${order})`,
              `FROM ${q(r.table)} AS r`,
              `WHERE ${eq("r", r.columns, "t", r.targetColumns)}`,
            )
          }, '[]'::jsonb)`,
        ]);
        break;
      }
      case "manyToMany": {
        const target = byTable.get(m.target)!;
        const order = keyOf(m.target).map((c) => `r.${sqlIdent(c)}`).join(", ");
        pairs.push([
          f.name,
          `COALESCE(${
            sub(
              `SELECT jsonb_agg(${flatObject(target, "r")} ORDER BY ${order})`,
              `FROM ${q(m.join)} AS j`,
              `JOIN ${q(m.target)} AS r ON ${eq("r", m.targetKey, "j", m.otherColumns)}`,
              `WHERE ${eq("j", m.ownColumns, "t", m.ownKey)}`,
            )
          }, '[]'::jsonb)`,
        ]);
        break;
      }
    }
  }
  const name = sqlQualified(schema, viewName(e.table));
  let sql = `CREATE VIEW ${name} AS\nSELECT\n    t.id,\n    ${buildObject(pairs, "    ")} AS data\nFROM ${
    q(e.table)
  } AS t;\n`;
  if (e.object.description) sql += `\nCOMMENT ON VIEW ${name} IS ${quoteLiteral(e.object.description)};\n`;
  return sql;
}

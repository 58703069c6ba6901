/**
 * PII detection: from a column's name, its type, and a sample of its values, the class of
 * personal or secret data it likely holds, with the evidence and a confidence. It never returns
 * a value: evidence says which rule matched and on what share of the samples.
 * @module
 */
import { columnShape, type TypeFamily } from "./column.ts";
import { NAME_RULES, nameWords, NEGATIVE_WORDS } from "./_pii_names.ts";
import { VALUE_RULES } from "./_pii_values.ts";

/** The classes of personal or secret data detection knows. */
export type PiiClass =
  | "email"
  | "phone"
  | "iban"
  | "card"
  | "ip"
  | "mac"
  | "national_id"
  | "person_name"
  | "address"
  | "birth_date"
  | "secret"
  | "location";

/** Every class, in the order the docs list them. */
export const PII_CLASSES: readonly PiiClass[] = [
  "email",
  "phone",
  "iban",
  "card",
  "ip",
  "mac",
  "national_id",
  "person_name",
  "address",
  "birth_date",
  "secret",
  "location",
];

/** A column to examine: its name, its type as `format_type` prints it, and sampled values (COPY text; null for NULL). */
export interface PiiColumn {
  /** The column's name. */
  name: string;
  /** Its type as `format_type` prints it (`character varying(80)`). */
  type: string;
  /** For a domain, its base type (as in `ColumnInfo.baseType`). */
  baseType?: string;
  /** Sampled values in COPY text form; `null` for NULL. Never logged. */
  samples: readonly (string | null)[];
}

/** Why a class was suggested. */
export interface PiiEvidence {
  /** The class this evidence points to. */
  class: PiiClass;
  /** What matched: the column name, its type, or its sampled values. */
  kind: "name" | "type" | "values";
  /** The rule that matched (never a value). */
  detail: string;
  /** How strongly it points to the class, 0 to 1. */
  confidence: number;
}

/** What detection concluded about one column. */
export interface PiiFinding {
  /** The column's name. */
  column: string;
  /** The most likely class, or null when nothing reaches the threshold. */
  class: PiiClass | null;
  /** Confidence of that class, 0 to 1 (0 when none). */
  confidence: number;
  /** Every piece of evidence found, strongest first (also for classes under the threshold). */
  evidence: PiiEvidence[];
}

/** Options of {@link detectPii}. */
export interface DetectOptions {
  /** Lowest confidence that names a class (default 0.5). */
  threshold?: number;
}

/** Type families a class can be stored in, for name evidence ("other" covers domains, bytea, …). */
const FAMILIES: Record<PiiClass, readonly (TypeFamily | "macaddr" | "geo")[]> = {
  email: ["text", "other", "json"],
  phone: ["text", "other", "integer", "numeric"],
  iban: ["text", "other"],
  card: ["text", "other", "integer", "numeric"],
  ip: ["text", "other", "inet", "cidr"],
  mac: ["text", "other", "macaddr"],
  national_id: ["text", "other", "integer", "numeric"],
  person_name: ["text", "other", "json"],
  address: ["text", "other", "json"],
  birth_date: ["text", "other", "date", "timestamp", "timestamptz"],
  secret: ["text", "other", "json"],
  location: ["float", "numeric", "geo", "text", "other", "json"],
};

/**
 * Built-in types `columnShape` puts in "other" whose values are not free text (times, intervals,
 * money, bit strings, ranges, geometric and system types): sampled values say nothing there.
 */
const NOT_TEXT =
  /^(time|timetz|time (with|without) time zone|interval|money|bytea|bit|bit varying|varbit|tsvector|tsquery|oid|xid|xid8|cid|tid|pg_lsn|reg\w+|\w*range|\w*multirange|box|line|lseg|path|polygon|circle|int2vector|oidvector)$/;

/**
 * Whether sampled values can be evidence for a column of this type: only text (and types of
 * unknown shape: enums, extension types). A date, timestamp, number, boolean, uuid or JSON column
 * holds no phone number, e-mail or name whatever its values look like (`1843-10-01` is a date); its
 * name can still say so (`date_of_birth`, a `card_number` kept in a bigint).
 */
function valuesCount(type: string, family: TypeFamily | "macaddr" | "geo"): boolean {
  if (family === "text") return true;
  if (family !== "other") return false;
  const name = type.trim().toLowerCase().replace(/(\[\])+$/, "").replace(/^(pg_catalog|public)\./, "").replace(/"/g, "")
    .replace(/\s*\([^)]*\)/, "").trim();
  return !NOT_TEXT.test(name);
}

function familyOf(type: string): TypeFamily | "macaddr" | "geo" {
  const t = type.trim().toLowerCase();
  if (/^macaddr8?$/.test(t)) return "macaddr";
  if (/^(point|geometry|geography)\b/.test(t)) return "geo";
  if (t === "bytea") return "other";
  return columnShape({ type }).family;
}

/**
 * The likely PII class of each column.
 *
 * @example
 * ```ts
 * import { detectPii } from "./mod.ts";
 * const [finding] = detectPii([{ name: "contact", type: "text", samples: ["ann@corp.example", "bo@mail.example"] }]);
 * console.log(finding.class, finding.confidence); // "email" 0.95
 * ```
 */
export function detectPii(columns: readonly PiiColumn[], options: DetectOptions = {}): PiiFinding[] {
  const threshold = options.threshold ?? 0.5;
  return columns.map((c) => detectColumn(c, threshold));
}

/** Sampled values needed before they can contradict a column's name. */
const CONTRADICTION_SAMPLES = 3;
/** Below this share of values that look like the class, the values contradict the name. */
const CONTRADICTION_SHARE = 0.2;

function detectColumn(column: PiiColumn, threshold: number): PiiFinding {
  const evidence: PiiEvidence[] = [];
  const family = familyOf(column.baseType ?? column.type);
  const t = (column.baseType ?? column.type).trim().toLowerCase();
  if (family === "inet" || family === "cidr") {
    evidence.push({ class: "ip", kind: "type", detail: `type ${t}`, confidence: 0.95 });
  } else if (family === "macaddr") {
    evidence.push({ class: "mac", kind: "type", detail: `type ${t}`, confidence: 0.95 });
  } else if (family === "geo") {
    evidence.push({ class: "location", kind: "type", detail: `type ${t}`, confidence: 0.6 });
  }
  const words = nameWords(column.name);
  const joined = words.join("_");
  const negative = words.some((w) => NEGATIVE_WORDS.has(w));
  const byClass = new Map<PiiClass, PiiEvidence>();
  for (const rule of NAME_RULES) {
    if (!FAMILIES[rule.class].includes(family) || !rule.test(words, joined)) continue;
    if (negative && rule.class !== "birth_date") continue;
    const prev = byClass.get(rule.class);
    if (prev === undefined || prev.confidence < rule.confidence) {
      byClass.set(rule.class, {
        class: rule.class,
        kind: "name",
        detail: `${rule.label} (${column.name.length > 64 ? column.name.slice(0, 64) + "…" : column.name})`,
        confidence: rule.confidence,
      });
    }
  }
  // "ip_address", "email_address", "mac_address": the specific class, not a postal address.
  if (byClass.has("address") && (byClass.has("ip") || byClass.has("email") || byClass.has("mac"))) {
    byClass.delete("address");
  }
  evidence.push(...byClass.values());
  const values = column.samples.filter((v): v is string => v !== null && v.trim() !== "").map((v) => v.trim());
  // The best share of sampled values that look like each class (for classes values can show).
  const shareOf = new Map<PiiClass, number>();
  if (values.length > 0 && valuesCount(column.baseType ?? column.type, family)) {
    for (const rule of VALUE_RULES) {
      let hits = 0;
      for (const v of values) if (rule.test(v)) hits++;
      const share = hits / values.length;
      shareOf.set(rule.class, Math.max(shareOf.get(rule.class) ?? 0, share));
      if (share < rule.share) continue;
      evidence.push({
        class: rule.class,
        kind: "values",
        detail: `${Math.round(share * 100)}% of ${values.length} sampled values are ${rule.label}`,
        confidence: Math.round(rule.confidence * Math.min(1, 0.5 + share / 2) * 100) / 100,
      });
    }
  }
  // A name alone is weaker when the sampled values contradict it: a "name" column whose values
  // are no person's names (product names) is not flagged on its name, unless the name is explicit.
  if (values.length >= CONTRADICTION_SAMPLES) {
    for (const e of evidence) {
      const share = shareOf.get(e.class);
      if (e.kind === "name" && share !== undefined && share < CONTRADICTION_SHARE && e.confidence < 0.8) {
        e.confidence = Math.round(e.confidence * 50) / 100;
        e.detail += "; the sampled values do not look like it";
      }
    }
  }
  // Evidence for one class adds up (noisy-or); the class with the highest total wins.
  const totals = new Map<PiiClass, number>();
  for (const e of evidence) totals.set(e.class, 1 - (1 - (totals.get(e.class) ?? 0)) * (1 - e.confidence));
  let best: PiiClass | null = null;
  let bestScore = 0;
  for (const [cls, score] of totals) {
    if (score > bestScore) [best, bestScore] = [cls, score];
  }
  evidence.sort((a, b) => b.confidence - a.confidence);
  const confidence = Math.min(0.99, Math.round(bestScore * 100) / 100);
  return {
    column: column.name,
    class: confidence >= threshold ? best : null,
    confidence: confidence >= threshold ? confidence : 0,
    evidence,
  };
}

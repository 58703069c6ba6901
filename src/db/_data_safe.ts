/**
 * Data-safe server errors: the message, detail, context and hint of a PostgreSQL error with
 * every row value removed and every name kept.
 *
 * PostgreSQL puts row values in some of its texts: the key of a duplicate
 * (`Key (email)=(alice@x) already exists.`), the whole row of a not-null or check violation
 * (`Failing row contains (…)`), the input that did not parse (`invalid input syntax for type
 * integer: "abc"`), the field being read by COPY (`COPY users, line 3, column email: "…"`).
 * Each text is matched against the shapes the server formats (templates below, written from
 * its message catalog); a value slot becomes `…` or is dropped, names stay. A text that matches
 * no known shape is withheld, and the result says so: unknown means unsafe.
 */
import { conditionName } from "./_sqlstate.ts";

/**
 * A template is the server's text with placeholders:
 * - `%Q` a double-quoted name, `%N` a name, quoted or not, maybe schema-qualified;
 * - `%T` a type name or other server-made text with no value in it (shortest match);
 * - `%W` a built-in type name, `%D` an integer;
 * - `%C` a column list (shortest match; it always precedes the values);
 * - `%V` a value: replaced by `…`;
 * - `%X` an optional `: value` at the end: dropped.
 *
 * Kept placeholders that follow a value (`%Q`, `%W`, `%D`) match narrowly, so that a value
 * cannot stretch into them.
 */
const SLOTS: Readonly<Record<string, string>> = {
  Q: '"[^"\\n]*"',
  N: '(?:"[^"\\n]*"|[^\\s"(),:;]+)(?:\\.(?:"[^"\\n]*"|[^\\s"(),:;]+))*',
  T: "[^\\n]+?",
  W: "[A-Za-z][A-Za-z0-9 _]*(?:\\(\\d+(?:,\\d+)?\\))?(?:\\[\\])*",
  D: "-?\\d+",
  C: "[^\\n]*?",
  V: "[\\s\\S]*?",
  X: "(?:: [\\s\\S]*)?",
};

interface Compiled {
  re: RegExp;
  /** Literal pieces and slot letters, in order. */
  parts: (string | { slot: string })[];
}

function compile(template: string): Compiled {
  const parts: Compiled["parts"] = [];
  let source = "";
  let at = 0;
  for (const m of template.matchAll(/%([QNTWDCVX])/g)) {
    const lit = template.slice(at, m.index);
    if (lit) {
      parts.push(lit);
      source += lit.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    }
    parts.push({ slot: m[1] });
    source += `(${SLOTS[m[1]]})`;
    at = m.index + m[0].length;
  }
  const tail = template.slice(at);
  if (tail) {
    parts.push(tail);
    source += tail.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  }
  return { re: new RegExp(`^${source}$`), parts };
}

/** The safe form of `text` by the first template it matches, or undefined. */
function rewrite(templates: readonly Compiled[], text: string): string | undefined {
  for (const t of templates) {
    const m = t.re.exec(text);
    if (!m) continue;
    let out = "";
    let g = 1;
    for (const p of t.parts) {
      if (typeof p === "string") out += p;
      else {
        const v = m[g++];
        out += p.slot === "V" ? "…" : p.slot === "X" ? "" : v;
      }
    }
    return out;
  }
  return undefined;
}

/** Messages (the primary text of an error). */
const MESSAGES: readonly Compiled[] = [
  // class 23: integrity constraint violations (the values are in the detail)
  "duplicate key value violates unique constraint %Q",
  "conflicting key value violates exclusion constraint %Q",
  "could not create unique index %Q",
  "could not create exclusion constraint %Q",
  "insert or update on table %Q violates foreign key constraint %Q",
  "update or delete on table %Q violates foreign key constraint %Q on table %Q",
  "update or delete on table %Q violates RESTRICT setting of foreign key constraint %Q on table %Q",
  "null value in column %Q of relation %Q violates not-null constraint",
  "null value in column %Q violates not-null constraint",
  "new row for relation %Q violates check constraint %Q",
  "new row for relation %Q violates partition constraint",
  "check constraint %Q of relation %Q is violated by some row",
  "column %Q of relation %Q contains null values",
  "column %Q of table %Q contains null values",
  "value for domain %N violates check constraint %Q",
  "domain %N does not allow null values",
  "no partition of relation %Q found for row",
  "updated partition constraint for default partition %Q would be violated by some row",
  "new row violates check option for view %Q",
  "new row violates row-level security policy for table %Q",
  "new row violates row-level security policy %Q for table %Q",
  // class 22: data exceptions
  "invalid input syntax for type %T%X",
  "invalid input value for enum %T%X",
  'value "%V" is out of range for type %W',
  '"%V" is out of range for type %W',
  "value too long for type %W",
  "bit string length %D does not match type %W",
  "bit string too long for type %W",
  "integer out of range",
  "smallint out of range",
  "bigint out of range",
  "OID out of range",
  "numeric field overflow",
  "value overflows numeric format",
  "value out of range: overflow",
  "value out of range: underflow",
  "cannot convert infinity to numeric",
  "cannot convert NaN to %W",
  "division by zero",
  "interval out of range",
  "date out of range for timestamp",
  "timestamp out of range",
  "date out of range",
  "time out of range",
  "date/time field value out of range%X",
  "date out of range%X",
  "timestamp out of range%X",
  "interval field value out of range%X",
  "time zone displacement out of range%X",
  'time zone "%V" not recognized',
  'invalid value "%V" for %Q',
  "invalid byte sequence for encoding %Q%X",
  "character with byte sequence %V in encoding %Q has no equivalent in encoding %Q",
  "unsupported Unicode escape sequence",
  "malformed array literal%X",
  "malformed record literal%X",
  "malformed range literal%X",
  "malformed multirange literal%X",
  "invalid hexadecimal digit%X",
  "invalid hexadecimal data: odd number of digits",
  '"%V" is not a valid binary digit',
  '"%V" is not a valid hexadecimal digit',
  '"%V" is not a valid octal digit',
  "invalid XML content",
  "invalid XML document",
  "invalid regular expression%X",
  "invalid escape string",
  "negative substring length not allowed",
  "cannot take logarithm of zero",
  "cannot take logarithm of a negative number",
  "cannot take square root of a negative number",
  "a negative number raised to a non-integer power yields a complex result",
  "array size exceeds the maximum allowed (%D)",
  "number of array dimensions (%D) exceeds the maximum allowed (%D)",
  // COPY data format (22P04) and the COPY protocol
  "missing data for column %Q",
  "extra data after last expected column",
  "row field count is %D, expected %D",
  "unterminated CSV quoted field",
  "literal carriage return found in data",
  "literal newline found in data",
  "end-of-copy marker corrupt",
  "end-of-copy marker does not match previous newline style",
  "COPY from stdin failed%X",
  "insufficient data left in message",
  "incorrect binary data format in field %D",
  // names of objects, privileges, statements
  "relation %Q does not exist",
  "relation %Q already exists",
  "column %Q of relation %Q does not exist",
  "column %Q does not exist",
  "column %Q specified more than once",
  "column %Q is of type %T but expression is of type %T",
  "schema %Q does not exist",
  "type %Q does not exist",
  "database %Q does not exist",
  "role %Q does not exist",
  "function %T does not exist",
  "operator does not exist: %T",
  "cannot cast type %T to %T",
  "permission denied for %W %N",
  "permission denied for column %Q of relation %Q",
  "must be owner of %W %N",
  "password authentication failed for user %Q",
  "syntax error at or near %Q",
  "syntax error at end of input",
  "cannot insert a non-DEFAULT value into column %Q",
  "column %Q can only be updated to DEFAULT",
  "cannot insert into column %Q",
  "INSERT has more expressions than target columns",
  "INSERT has more target columns than expressions",
  "there is no unique or exclusion constraint matching the ON CONFLICT specification",
  "cannot truncate a table referenced in a foreign key constraint",
  // transactions, locks, cancellation, resources
  "cannot execute %T in a read-only transaction",
  "%T cannot run inside a transaction block",
  "current transaction is aborted, commands ignored until end of transaction block",
  "SET TRANSACTION SNAPSHOT must be called before any query",
  "a snapshot-importing transaction must have isolation level SERIALIZABLE or REPEATABLE READ",
  "a non-read-only serializable transaction cannot import a snapshot from a read-only transaction",
  "a serializable transaction cannot import a snapshot from a non-serializable transaction",
  "cannot import a snapshot from a different database",
  "invalid snapshot identifier: %Q",
  "snapshot %Q does not exist",
  "could not serialize access due to %T",
  "deadlock detected",
  "canceling statement due to %T",
  "terminating connection due to %T",
  "could not obtain lock on relation %Q",
  "could not obtain lock on row in relation %Q",
  "out of memory",
  "could not extend file %Q%X",
  "could not write to file %Q%X",
  "row is too big: size %D, maximum size %D",
  "index row size %D exceeds btree version %D maximum %D for index %Q",
  "index row requires %D bytes, maximum size is %D",
].map(compile);

/** Lines of a detail. */
const DETAILS: readonly Compiled[] = [
  "Key (%C)=(%V) already exists.",
  "Key (%C)=(%V) conflicts with existing key (%C)=(%V).",
  "Key (%C)=(%V) conflicts with key (%C)=(%V).",
  "Key (%C)=(%V) is duplicated.",
  "Key (%C)=(%V) is not present in table %Q.",
  "Key (%C)=(%V) is still referenced from table %Q.",
  "Key (%C)=(%V) is referenced from table %Q.",
  "Key is not present in table %Q.",
  "Key is still referenced from table %Q.",
  "Failing row contains (%V).",
  "Partition key of the failing row contains (%C) = (%V).",
  "MATCH FULL does not allow mixing of null and nonnull key values.",
  "Table %Q references %Q.",
  "Column %Q is a generated column.",
  "Column %Q is an identity column defined as GENERATED ALWAYS.",
  // numeric overflow: the limits come from the type's precision and scale
  "A field with precision %D, scale %D must round to an absolute value less than 10^%D.",
  "A field with precision %D, scale %D must round to an absolute value less than 1.",
  "A field with precision %D, scale %D cannot hold an infinite value.",
  // json / jsonb input
  'Token "%V" is invalid.',
  'Expected %T, but found "%V".',
  "The input string ended unexpectedly.",
  "Character with value 0x%V must be escaped.",
  'Escape sequence "%V" is invalid.',
  '"\\u" must be followed by four hexadecimal digits.',
  "Unicode low surrogate must follow a high surrogate.",
  "Unicode high surrogate must not follow a high surrogate.",
  "\\u0000 cannot be converted to text.",
  "Unicode escape values cannot be used for code point values above 007F when the encoding is not UTF8.",
  // array, record and range input
  'Array value must start with "{" or dimension information.',
  'Unexpected "%V" character.',
  'Unmatched "%V" character.',
  "Unexpected array element.",
  "Unexpected end of input.",
  "Junk after closing right brace.",
  "Multidimensional arrays must have sub-arrays with matching dimensions.",
  "Specified array dimensions do not match array contents.",
  'Missing "]" after array dimensions.',
  "Missing array dimension value.",
  "Missing left parenthesis.",
  "Missing right parenthesis.",
  "Too few columns.",
  "Too many columns.",
  "Junk after right parenthesis.",
  "Missing left parenthesis or bracket.",
  "Missing right parenthesis or bracket.",
  "Missing comma after lower bound.",
  "Too many commas.",
  "Junk after right parenthesis or bracket.",
  // date/time formatting
  "Value must be an integer.",
  "Field requires %D characters, but only %D remain.",
  "The given value did not match any of the allowed values for this field.",
  // locks and resources
  "Process %D waits for %T; blocked by process %D.",
  "Process %D: %V",
  "Reason code: %T.",
  "Failed on request of size %D in memory context %Q.",
  "Index row references tuple (%D,%D) in relation %Q.",
].map(compile);

/** Lines of a context (the `where` field), other than COPY's (see {@link parseCopyContext}). */
const CONTEXTS: readonly Compiled[] = [
  "JSON data, line %D%X",
  "PL/pgSQL function %T line %D at %T",
  "PL/pgSQL function %T while storing call arguments into local variables",
  "PL/pgSQL function %T during function entry",
  "PL/pgSQL function %T during function exit",
  'PL/pgSQL expression "%V"',
  'PL/pgSQL assignment "%V"',
  'SQL statement "%V"',
  "SQL function %Q statement %D",
  "SQL function %Q during startup",
  "SQL function %Q during inlining",
  "parallel worker",
  "while inserting index tuple (%D,%D) in relation %Q",
  "while updating tuple (%D,%D) in relation %Q",
  "while deleting tuple (%D,%D) in relation %Q",
  "while locking tuple (%D,%D) in relation %Q",
  "while checking uniqueness of tuple (%D,%D) in relation %Q",
  "while checking exclusion constraint on tuple (%D,%D) in relation %Q",
  "while rechecking updated tuple (%D,%D) in relation %Q",
  "column %Q of foreign table %Q",
  "processing expression at position %D in select list",
  "remote SQL command: %V",
].map(compile);

/** Lines of a hint. */
const HINTS: readonly Compiled[] = [
  'Perhaps you need a different "datestyle" setting.',
  "The transaction might succeed if retried.",
  "See server log for query details.",
  "Check free disk space.",
  "Truncate table %Q at the same time, or use TRUNCATE ... CASCADE.",
  "Perhaps you meant to reference the column %Q.",
  "Perhaps you meant to reference the column %Q or the column %Q.",
  "You will need to rewrite or cast the expression.",
  "No function matches the given name and argument types. You might need to add explicit type casts.",
  "No operator matches the given name and argument types. You might need to add explicit type casts.",
  "Values larger than 1/3 of a buffer page cannot be indexed.",
  "Consider a function index of an MD5 hash of the value, or use full text indexing.",
  "Use OVERRIDING SYSTEM VALUE to override.",
  "Use DROP ... CASCADE to drop the dependent objects too.",
].map(compile);

/** What the server said about a row that COPY rejected, from its context line. */
export interface CopyContext {
  /** The table of the COPY (its bare name, as the server prints it). */
  table: string;
  /** Line of the COPY data, as the server counts it. */
  line: number;
  /** The column being read, when the server names one. */
  column?: string;
}

// COPY t, line 3 | COPY t, line 3, column c | … column c: "value" | … column c: null input | COPY t, line 3: "raw line"
const COPY_LINE = /^COPY (.+?), line (\d+)(?:, column (.+?))?(: [\s\S]*)?$/;

/** The COPY line of a context, when there is one (`COPY users, line 3, column email: "…"`). */
export function parseCopyContext(where: string | undefined): CopyContext | undefined {
  if (!where) return undefined;
  for (const line of where.split("\n")) {
    const m = COPY_LINE.exec(line);
    if (m) return { table: m[1], line: Number(m[2]), ...(m[3] !== undefined ? { column: m[3] } : {}) };
  }
  return undefined;
}

/** The safe form of one COPY context line, or undefined when it is not one. */
function safeCopyLine(line: string): string | undefined {
  const m = COPY_LINE.exec(line);
  if (!m) return undefined;
  const column = m[3] !== undefined ? `, column ${m[3]}` : "";
  // "null input" is the server's own text for a NULL field, not a value
  const rest = m[3] !== undefined && m[4] === ": null input" ? ": null input" : "";
  return `COPY ${m[1]}, line ${m[2]}${column}${rest}`;
}

/** Why a text or part of it is withheld. */
const WHY = "it may contain row values";

/**
 * The message without values: `invalid input syntax for type integer: "abc"` →
 * `invalid input syntax for type integer`. A message of no known shape is withheld and
 * replaced by the condition name and SQLSTATE.
 */
export function safeMessage(sqlstate: string, message: string): string {
  return rewrite(MESSAGES, message) ??
    `${conditionName(sqlstate)} (SQLSTATE ${sqlstate}); the server's message is withheld: ${WHY}`;
}

/**
 * Multi-line text rewritten by `templates`: as a whole first (a value may hold line breaks),
 * else line by line, dropping the lines of no known shape and saying so.
 */
function safeLines(
  text: string | undefined,
  templates: readonly Compiled[],
  what: string,
  extra?: (line: string) => string | undefined,
): string | undefined {
  if (text === undefined || text === "") return undefined;
  const whole = extra?.(text) ?? rewrite(templates, text);
  if (whole !== undefined) return whole;
  const kept: string[] = [];
  let dropped = 0;
  for (const line of text.split("\n")) {
    const safe = extra?.(line) ?? rewrite(templates, line);
    if (safe === undefined) dropped++;
    else kept.push(safe);
  }
  if (dropped === 0) return kept.join("\n");
  kept.push(`(${kept.length === 0 ? "the" : "part of the"} server's ${what} is withheld: ${WHY})`);
  return kept.join("\n");
}

/** The detail without values (`Key (email)=(…) already exists.`); unknown lines withheld. */
export function safeDetail(detail: string | undefined): string | undefined {
  return safeLines(detail, DETAILS, "detail");
}

/** The context without values (`COPY users, line 3, column email`); unknown lines withheld. */
export function safeContext(where: string | undefined): string | undefined {
  return safeLines(where, CONTEXTS, "context", safeCopyLine);
}

/** The hint, when it is one of the server's fixed hints; otherwise withheld. */
export function safeHint(hint: string | undefined): string | undefined {
  return safeLines(hint, HINTS, "hint");
}

/**
 * Data-safe server errors: each message shape PostgreSQL formats with a value loses the value
 * and keeps the names. The inputs are the server's texts as PostgreSQL 15 and 18 send them.
 */
import { fromServerError } from "../../../src/db/mod.ts";
import { parseCopyContext, safeContext, safeDetail, safeHint, safeMessage } from "../../../src/db/_data_safe.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

interface Fields {
  message: string;
  detail?: string;
  where?: string;
  hint?: string;
  [k: string]: unknown;
}

/** An ErrorResponse as postgres.js delivers it (the input of the conversion). */
function serverError(code: string, f: Fields): Error {
  return Object.assign(new Error(f.message), { ...f, code, severity: "ERROR" });
}

interface Case {
  name: string;
  code: string;
  raw: Fields;
  /** Expected message, and detail as ConfitureError shows it (detail, then `context: …`). */
  message: string;
  detail?: string;
  hint?: string;
  /** Row values that must appear nowhere in the result. */
  values: string[];
}

const CASES: Case[] = [
  {
    name: "23505 unique violation during COPY",
    code: "23505",
    raw: {
      message: 'duplicate key value violates unique constraint "users_email_key"',
      detail: "Key (email)=(alice@example.com) already exists.",
      where: "COPY users, line 3",
    },
    message: 'duplicate key value violates unique constraint "users_email_key"',
    detail: "Key (email)=(…) already exists.\ncontext: COPY users, line 3",
    values: ["alice@example.com"],
  },
  {
    name: "23505 on an expression index over several columns",
    code: "23505",
    raw: {
      message: 'duplicate key value violates unique constraint "users_lower_email_tenant"',
      detail: "Key (lower(email::text), tenant_id)=(alice@example.com, 7) already exists.",
    },
    message: 'duplicate key value violates unique constraint "users_lower_email_tenant"',
    detail: "Key (lower(email::text), tenant_id)=(…) already exists.",
    values: ["alice@example.com", ", 7)"],
  },
  {
    name: "23505 with a value that repeats the detail's own words",
    code: "23505",
    raw: {
      message: 'duplicate key value violates unique constraint "notes_body_key"',
      detail: "Key (body)=(secret) already exists. more) already exists.",
    },
    message: 'duplicate key value violates unique constraint "notes_body_key"',
    detail: "Key (body)=(…) already exists.",
    values: ["secret", "more"],
  },
  {
    name: "23505 while creating a unique index",
    code: "23505",
    raw: { message: 'could not create unique index "users_email_key"', detail: "Key (email)=(bob@x) is duplicated." },
    message: 'could not create unique index "users_email_key"',
    detail: "Key (email)=(…) is duplicated.",
    values: ["bob@x"],
  },
  {
    name: "23502 not-null: the whole row in the detail",
    code: "23502",
    raw: {
      message: 'null value in column "n" of relation "p" violates not-null constraint',
      detail: "Failing row contains (3, bob@x, null, 1).",
    },
    message: 'null value in column "n" of relation "p" violates not-null constraint',
    detail: "Failing row contains (…).",
    values: ["bob@x"],
  },
  {
    name: "23502 from COPY: the raw line in the context, a NULL field named as null input",
    code: "23502",
    raw: {
      message: 'null value in column "email" of relation "users" violates not-null constraint',
      detail: "Failing row contains (1, null, Alice Liddell).",
      where: 'COPY users, line 1: "1\t\\N\tAlice Liddell"',
    },
    message: 'null value in column "email" of relation "users" violates not-null constraint',
    detail: "Failing row contains (…).\ncontext: COPY users, line 1",
    values: ["Alice Liddell"],
  },
  {
    name: "23514 check constraint, a row value holding a line break",
    code: "23514",
    raw: {
      message: 'new row for relation "p" violates check constraint "p_c_check"',
      detail: "Failing row contains (4, first line\nsecond line, -5).",
    },
    message: 'new row for relation "p" violates check constraint "p_c_check"',
    detail: "Failing row contains (…).",
    values: ["first line", "second line"],
  },
  {
    name: "23514 domain check: names only",
    code: "23514",
    raw: { message: 'value for domain pos violates check constraint "pos_check"' },
    message: 'value for domain pos violates check constraint "pos_check"',
    values: [],
  },
  {
    name: "23514 no partition for the row",
    code: "23514",
    raw: {
      message: 'no partition of relation "events" found for row',
      detail: "Partition key of the failing row contains (created_at) = (2031-01-01 00:00:00+00).",
    },
    message: 'no partition of relation "events" found for row',
    detail: "Partition key of the failing row contains (created_at) = (…).",
    values: ["2031-01-01"],
  },
  {
    name: "23503 foreign key on insert",
    code: "23503",
    raw: {
      message: 'insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"',
      detail: 'Key (pid)=(4242017) is not present in table "p".',
    },
    message: 'insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"',
    detail: 'Key (pid)=(…) is not present in table "p".',
    values: ["4242017"],
  },
  {
    name: "23503 foreign key on delete",
    code: "23503",
    raw: {
      message: 'update or delete on table "p" violates foreign key constraint "ch_pid_fkey" on table "ch"',
      detail: 'Key (id)=(1234) is still referenced from table "ch".',
    },
    message: 'update or delete on table "p" violates foreign key constraint "ch_pid_fkey" on table "ch"',
    detail: 'Key (id)=(…) is still referenced from table "ch".',
    values: ["1234"],
  },
  {
    name: "23P01 exclusion: two keys",
    code: "23P01",
    raw: {
      message: 'conflicting key value violates exclusion constraint "booking_no_overlap"',
      detail: "Key (room, during)=(12, [2024-01-01,2024-01-05)) conflicts with existing key (room, during)=(12, " +
        "[2024-01-03,2024-01-04)).",
    },
    message: 'conflicting key value violates exclusion constraint "booking_no_overlap"',
    detail: "Key (room, during)=(…) conflicts with existing key (room, during)=(…).",
    values: ["2024-01", "12,"],
  },
  {
    name: "44000 view check option",
    code: "44000",
    raw: { message: 'new row violates check option for view "vw"', detail: "Failing row contains (20, r@x, 500)." },
    message: 'new row violates check option for view "vw"',
    detail: "Failing row contains (…).",
    values: ["r@x"],
  },
  {
    name: "22P02 integer input during COPY: the field in the context",
    code: "22P02",
    raw: { message: 'invalid input syntax for type integer: "abc"', where: 'COPY users, line 3, column age: "abc"' },
    message: "invalid input syntax for type integer",
    detail: "context: COPY users, line 3, column age",
    values: ["abc"],
  },
  {
    name: "22P02 enum input",
    code: "22P02",
    raw: { message: 'invalid input value for enum mood: "furious"' },
    message: "invalid input value for enum mood",
    values: ["furious"],
  },
  {
    name: "22P02 json: token in the detail, the document in the context",
    code: "22P02",
    raw: {
      message: "invalid input syntax for type json",
      detail: 'Token "secret" is invalid.',
      where: 'JSON data, line 1: {"a": secret...',
    },
    message: "invalid input syntax for type json",
    detail: 'Token "…" is invalid.\ncontext: JSON data, line 1',
    values: ["secret"],
  },
  {
    name: "22P02 json: what was expected and what was found",
    code: "22P02",
    raw: { message: "invalid input syntax for type json", detail: 'Expected ":", but found "hunter2".' },
    message: "invalid input syntax for type json",
    detail: 'Expected ":", but found "…".',
    values: ["hunter2"],
  },
  {
    name: "22P02 array literal",
    code: "22P02",
    raw: {
      message: 'malformed array literal: "alice"',
      detail: 'Array value must start with "{" or dimension information.',
    },
    message: "malformed array literal",
    detail: 'Array value must start with "{" or dimension information.',
    values: ["alice"],
  },
  {
    name: "22P02 range literal",
    code: "22P02",
    raw: { message: 'malformed range literal: "[1,2"', detail: "Unexpected end of input." },
    message: "malformed range literal",
    detail: "Unexpected end of input.",
    values: ["[1,2"],
  },
  {
    name: "22001 value too long: no value in it",
    code: "22001",
    raw: { message: "value too long for type character varying(10)", where: "COPY users, line 7, column name" },
    message: "value too long for type character varying(10)",
    detail: "context: COPY users, line 7, column name",
    values: [],
  },
  {
    name: "22003 integer out of range: the value in the middle",
    code: "22003",
    raw: { message: 'value "99999999999" is out of range for type integer' },
    message: 'value "…" is out of range for type integer',
    values: ["99999999999"],
  },
  {
    name: "22003 float out of range",
    code: "22003",
    raw: { message: '"1e999" is out of range for type double precision' },
    message: '"…" is out of range for type double precision',
    values: ["1e999"],
  },
  {
    name: "22003 numeric field overflow: the limits come from the type",
    code: "22003",
    raw: {
      message: "numeric field overflow",
      detail: "A field with precision 5, scale 2 must round to an absolute value less than 10^3.",
    },
    message: "numeric field overflow",
    detail: "A field with precision 5, scale 2 must round to an absolute value less than 10^3.",
    values: [],
  },
  {
    name: "22007 datetime syntax",
    code: "22007",
    raw: { message: 'invalid input syntax for type timestamp with time zone: "next tuesday"' },
    message: "invalid input syntax for type timestamp with time zone",
    values: ["next tuesday"],
  },
  {
    name: "22007 to_date field",
    code: "22007",
    raw: { message: 'invalid value "xx" for "MM"', detail: "Value must be an integer." },
    message: 'invalid value "…" for "MM"',
    detail: "Value must be an integer.",
    values: ['"xx"'],
  },
  {
    name: "22008 datetime out of range, with its fixed hint",
    code: "22008",
    raw: {
      message: 'date/time field value out of range: "2024-02-30"',
      hint: 'Perhaps you need a different "datestyle" setting.',
    },
    message: "date/time field value out of range",
    hint: 'Perhaps you need a different "datestyle" setting.',
    values: ["2024-02-30"],
  },
  {
    name: "22021 invalid byte sequence",
    code: "22021",
    raw: { message: 'invalid byte sequence for encoding "UTF8": 0xe9 0x41', where: "COPY users, line 2" },
    message: 'invalid byte sequence for encoding "UTF8"',
    detail: "context: COPY users, line 2",
    values: ["0xe9"],
  },
  {
    name: "22P05 untranslatable character",
    code: "22P05",
    raw: {
      message: 'character with byte sequence 0xe2 0x82 0xac in encoding "UTF8" has no equivalent in encoding "LATIN1"',
    },
    message: 'character with byte sequence … in encoding "UTF8" has no equivalent in encoding "LATIN1"',
    values: ["0xe2"],
  },
  {
    name: "22P04 extra data: the raw line in the context",
    code: "22P04",
    raw: { message: "extra data after last expected column", where: 'COPY users, line 2: "1\talice@x\t9"' },
    message: "extra data after last expected column",
    detail: "context: COPY users, line 2",
    values: ["alice@x"],
  },
  {
    name: "22P04 missing data names the column",
    code: "22P04",
    raw: { message: 'missing data for column "email"', where: 'COPY users, line 5: "17"' },
    message: 'missing data for column "email"',
    detail: "context: COPY users, line 5",
    values: ['"17"'],
  },
  {
    name: "a NULL field of COPY is named as the server names it",
    code: "23502",
    raw: {
      message: "domain email_address does not allow null values",
      where: "COPY users, line 4, column email: null input",
    },
    message: "domain email_address does not allow null values",
    detail: "context: COPY users, line 4, column email: null input",
    values: [],
  },
  {
    name: "P0001 raised by a trigger: message, detail and hint of unknown shape are withheld",
    code: "P0001",
    raw: {
      message: "user alice@x has no credit",
      detail: "balance of alice@x is -3",
      hint: "ask alice@x",
      where: "PL/pgSQL function check_credit() line 3 at RAISE\nCOPY users, line 2",
    },
    message: "raise_exception (SQLSTATE P0001); the server's message is withheld: it may contain row values",
    detail: "(the server's detail is withheld: it may contain row values)\n" +
      "context: PL/pgSQL function check_credit() line 3 at RAISE\nCOPY users, line 2",
    hint: "(the server's hint is withheld: it may contain row values)",
    values: ["alice@x", "-3"],
  },
  {
    name: "a trigger's statement text in the context",
    code: "23505",
    raw: {
      message: 'duplicate key value violates unique constraint "audit_pkey"',
      detail: "Key (id)=(9) already exists.",
      where: "SQL statement \"INSERT INTO audit VALUES (9, 'alice@x')\"\nPL/pgSQL function log_user() line 4 at SQL " +
        "statement",
    },
    message: 'duplicate key value violates unique constraint "audit_pkey"',
    detail: "Key (id)=(…) already exists.\n" +
      'context: SQL statement "…"\nPL/pgSQL function log_user() line 4 at SQL statement',
    values: ["alice@x", "(9"],
  },
  {
    name: "an unknown message of a known class: withheld, the condition named",
    code: "22023",
    raw: { message: 'unrecognized value "alice@x" for some new option' },
    message: "invalid_parameter_value (SQLSTATE 22023); the server's message is withheld: it may contain row values",
    values: ["alice@x"],
  },
  {
    name: "40P01 deadlock: the processes stay, their queries go",
    code: "40P01",
    raw: {
      message: "deadlock detected",
      detail: "Process 101 waits for ShareLock on transaction 900; blocked by process 102.\n" +
        "Process 102 waits for ShareLock on transaction 901; blocked by process 101.\n" +
        "Process 101: UPDATE users SET email = 'alice@x' WHERE id = 1\n" +
        "Process 102: UPDATE users SET email = 'bob@x' WHERE id = 2",
      hint: "See server log for query details.",
      where: 'while updating tuple (0,1) in relation "users"',
    },
    message: "deadlock detected",
    detail: "Process 101 waits for ShareLock on transaction 900; blocked by process 102.\n" +
      "Process 102 waits for ShareLock on transaction 901; blocked by process 101.\n" +
      "Process 101: …\nProcess 102: …\n" +
      'context: while updating tuple (0,1) in relation "users"',
    hint: "See server log for query details.",
    values: ["alice@x", "bob@x"],
  },
  {
    name: "a detail with a known and an unknown line: the unknown one is withheld and said so",
    code: "23503",
    raw: {
      message: 'insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"',
      detail: 'Key (pid)=(4242017) is not present in table "p".\nthe row was alice@x',
      where: "extended query with parameters: $1 = 'alice@x'",
    },
    message: 'insert or update on table "ch" violates foreign key constraint "ch_pid_fkey"',
    detail: 'Key (pid)=(…) is not present in table "p".\n' +
      "(part of the server's detail is withheld: it may contain row values)\n" +
      "context: (the server's context is withheld: it may contain row values)",
    values: ["alice@x", "4242017"],
  },
  {
    name: "TRUNCATE of a referenced table: names in detail and hint",
    code: "0A000",
    raw: {
      message: "cannot truncate a table referenced in a foreign key constraint",
      detail: 'Table "ch" references "p".',
      hint: 'Truncate table "ch" at the same time, or use TRUNCATE ... CASCADE.',
    },
    message: "cannot truncate a table referenced in a foreign key constraint",
    detail: 'Table "ch" references "p".',
    hint: 'Truncate table "ch" at the same time, or use TRUNCATE ... CASCADE.',
    values: [],
  },
  {
    name: "25006 read-only transaction",
    code: "25006",
    raw: { message: "cannot execute INSERT in a read-only transaction" },
    message: "cannot execute INSERT in a read-only transaction",
    values: [],
  },
];

for (const c of CASES) {
  Deno.test(`data-safe: ${c.name}`, () => {
    const e = fromServerError(serverError(c.code, c.raw), { dataSafe: true });
    assertEquals(e.code, "SQL_ERROR");
    assertEquals(e.sqlstate, c.code);
    assertEquals(e.message, c.message);
    assertEquals(e.detail, c.detail);
    assertEquals(e.hint, c.hint);
    assertEquals(e.cause, undefined, "the driver's error holds the values: not kept");
    assertEquals(e.server?.dataSafe, true);
    const shown = JSON.stringify(e.toJSON()) + e.message + (e.stack ?? "");
    for (const v of c.values) assert(!shown.includes(v), `${JSON.stringify(v)} leaked: ${shown}`);
  });
}

Deno.test("data-safe off: the server's texts as they are, and the driver's error as cause", () => {
  const raw = serverError("23505", {
    message: 'duplicate key value violates unique constraint "users_email_key"',
    detail: "Key (email)=(alice@x) already exists.",
    where: "COPY users, line 3",
  });
  const e = fromServerError(raw);
  assertEquals(e.detail, "Key (email)=(alice@x) already exists.\ncontext: COPY users, line 3");
  assertEquals(e.cause, raw);
  assertEquals(e.server?.dataSafe, undefined);
  assertEquals(e.server?.copyLine, 3);
});

Deno.test("server fields: postgres.js and PGlite names, COPY's context fills table, column and line", () => {
  const pgjs = fromServerError(serverError("23505", {
    message: 'duplicate key value violates unique constraint "t_email_key"',
    schema_name: "public",
    table_name: "t",
    constraint_name: "t_email_key",
    "data type_name": "text",
    position: "12",
  }));
  assertEquals(pgjs.server, {
    sqlstate: "23505",
    schema: "public",
    table: "t",
    constraint: "t_email_key",
    dataType: "text",
    position: 12,
  });
  const pglite = fromServerError(serverError("23502", {
    message: 'null value in column "n" of relation "t" violates not-null constraint',
    schema: "app",
    table: "t",
    column: "n",
  }));
  assertEquals(pglite.server, { sqlstate: "23502", schema: "app", table: "t", column: "n" });
  const copy = fromServerError(
    serverError("22P02", {
      message: 'invalid input syntax for type integer: "x"',
      where: 'COPY t, line 9, column n: "x"',
    }),
    { dataSafe: true },
  );
  assertEquals(copy.server, { sqlstate: "22P02", table: "t", column: "n", copyLine: 9, dataSafe: true });
  assertEquals(copy.toJSON().server, copy.server);
});

Deno.test("parseCopyContext: each form of COPY's context line", () => {
  assertEquals(parseCopyContext("COPY users, line 3"), { table: "users", line: 3 });
  assertEquals(parseCopyContext('COPY users, line 3, column email: "a@x"'), {
    table: "users",
    line: 3,
    column: "email",
  });
  assertEquals(parseCopyContext("COPY users, line 4, column email: null input"), {
    table: "users",
    line: 4,
    column: "email",
  });
  assertEquals(parseCopyContext('COPY users, line 2: "1\ta@x"'), { table: "users", line: 2 });
  // a bare table name with a comma (the server does not quote it)
  assertEquals(parseCopyContext('COPY odd, name, line 8, column a: "v"'), { table: "odd, name", line: 8, column: "a" });
  // the COPY line after a trigger's lines
  assertEquals(parseCopyContext("PL/pgSQL function f() line 2 at RAISE\nCOPY t, line 1"), { table: "t", line: 1 });
  assertEquals(parseCopyContext("JSON data, line 1: x"), undefined);
  assertEquals(parseCopyContext(undefined), undefined);
});

Deno.test("safe texts: empty parts stay empty; a value cut at a line break is withheld whole", () => {
  assertEquals(safeDetail(undefined), undefined);
  assertEquals(safeContext(""), undefined);
  assertEquals(safeHint(undefined), undefined);
  // CSV: the value of a field holds a line break
  assertEquals(safeContext('COPY t, line 2, column note: "first\nsecond"'), "COPY t, line 2, column note");
  assertEquals(
    safeMessage("22P02", 'invalid input syntax for type integer: "1\n2"'),
    "invalid input syntax for type integer",
  );
});

/**
 * The fast environment-file reader against the `yaml` package: whatever the fast reader accepts,
 * it must read exactly as `yaml` does (values, structure and positions); what it does not
 * accept is left to `yaml`.
 */
import { parseLite } from "../../../src/config/_yaml_lite.ts";
import { parseFull } from "../../../src/config/_yaml_full.ts";
import { assert, assertEquals } from "../../_helpers/assert.ts";

const SUPPORTED = [
  "",
  "# only a comment\n",
  "include_dirs:\n  - db/schema\n",
  "include_dirs:\n- db/schema\n- db/more # a comment\nmigrations_dir: db/migrations\n",
  "database_url: ${PRODUCTION_DATABASE_URL}\ninclude_dirs:\n  - db/schema\nlock_timeout: 2min\n",
  "database_url: postgres://app:secret@db.example.com:5432/app?sslmode=require\n",
  "name: test\r\ninclude_dirs:\r\n  - db/schema\r\n",
  [
    "name: test",
    "database_url: postgres://app@db/app",
    "include_dirs:",
    "  - db/schema",
    "  - path: db/extra",
    "    include: ['**/*.sql', \"x.sql\"]",
    "    exclude: [legacy/**, 'it''s']",
    "exclude_dirs: [db/schema/old]",
    "migrations_dir: db/mig",
    "tracking_table: ops.ledger",
    "lock_timeout: 10s",
    "statement_lock_timeout: 750",
  ].join("\n"),
  "include_dirs:\n    -   path: a\n        include: '*.sql'\n    - b\n",
  "lock_timeout: 2500\nstatement_lock_timeout: -5\nname: +7\n",
  "a: true\nb: False\nc: ~\nd: null\ne: NULL\nf: yes\ng: on\nh: 10s\ni: 0\n",
  "tracking_table: 'ops.'\nname: \"quoted # not a comment\"\n",
  "name: a#b\nother: x # comment\n",
  "exclude_dirs: []\n",
  "include_dirs:\n  - path: db/x\n    include: ['${GLOB}']\n",
  "  \nname: x\n\n\n# trailing\n",
];

const UNSUPPORTED = [
  "database_url:\n", // an empty value
  "a: &x 1\nb: *x\n",
  "a: !!str 1\n",
  "a: |\n  text\n",
  "a: >\n  text\n",
  "a: {b: 1}\n",
  "a: 1.5\n",
  "a: 0x1F\n",
  "a: 007\n",
  "a: .inf\n",
  "a: 'multi\n  line'\n",
  'a: "esc\\n"\n',
  "a: b: c\n",
  "a: 1\na: 2\n",
  "---\na: 1\n",
  "a:\n\t- x\n",
  "- a\n- b\n",
  "a: plain\n  continued\n",
  "a:\n  - - nested\n",
  "a: [x, [y]]\n",
  "a: [unclosed\n",
  "\ufeffa: 1\n",
  "? complex\n: key\n",
];

/** Both readers on the same text: null for an empty document. */
function both(text: string) {
  return { lite: parseLite(text), full: parseFull(text, "x.yaml") };
}

Deno.test("yaml lite: the shapes environment files use are read exactly as the yaml package reads them", () => {
  for (const text of SUPPORTED) {
    const { lite, full } = both(text);
    assert(lite !== undefined, `not read by the fast reader: ${JSON.stringify(text)}`);
    assertEquals(lite, full, JSON.stringify(text));
  }
});

Deno.test("yaml lite: anything else is left to the yaml package", () => {
  for (const text of UNSUPPORTED) {
    assertEquals(parseLite(text), undefined, JSON.stringify(text));
  }
});

Deno.test("yaml lite: every environment file of the repository is read fast, and the same", () => {
  const repo = new URL("../../../", import.meta.url).pathname;
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const e of Deno.readDirSync(dir)) {
      if (e.name === "node_modules" || e.name.startsWith(".")) continue;
      const p = `${dir}/${e.name}`;
      if (e.isDirectory) walk(p);
      else if (e.isFile && e.name.endsWith(".yaml") && dir.endsWith("/environments")) found.push(p);
    }
  };
  for (const d of ["db", "tests"]) walk(repo + d);
  assert(found.length >= 2, `environment files: ${found.length}`);
  for (const f of found) {
    const text = Deno.readTextFileSync(f);
    const { lite, full } = both(text);
    assert(lite !== undefined, `not read by the fast reader: ${f}`);
    assertEquals(lite, full, f);
  }
});

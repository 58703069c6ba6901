import { classifyStatement, splitSql, type StatementClass } from "../../../src/sql/mod.ts";
import { assertEquals } from "../../_helpers/assert.ts";

async function one(sql: string, serverVersionNum?: number): Promise<StatementClass> {
  const [s] = await splitSql(sql);
  return classifyStatement(s, { serverVersionNum });
}

Deno.test("non-transactional statements are detected from the parse tree", async () => {
  for (
    const sql of [
      "create index concurrently i on t (a)",
      "drop index concurrently i",
      "reindex index concurrently i",
      "reindex database d",
      "vacuum t",
      "create database d",
      "drop database d",
      "alter system set work_mem = '64MB'",
      "alter table t detach partition p concurrently",
      "alter database d set tablespace ts",
      "reindex table concurrently t",
      "create tablespace ts location '/srv/ts'",
      "drop tablespace ts",
      "cluster",
    ]
  ) assertEquals((await one(sql)).nonTransactional, true, sql);
  for (
    const sql of [
      "create index i on t (a)",
      "analyze t",
      "alter table t detach partition p",
      "alter type e add value 'x'",
      "select 'vacuum'",
      "alter database d set work_mem = '64MB'",
      "cluster t using i",
      "refresh materialized view concurrently mv",
    ]
  ) assertEquals((await one(sql)).nonTransactional, false, sql);
  assertEquals((await one("alter type e add value 'x'", 110000)).nonTransactional, true);
});

Deno.test("ALTER TYPE … ADD VALUE is flagged (its value is usable once committed)", async () => {
  for (const sql of ["alter type e add value 'x'", "alter type s.e add value if not exists 'x' before 'a'"]) {
    assertEquals((await one(sql)).addsEnumValue, true, sql);
  }
  for (
    const sql of ["alter type e rename value 'a' to 'b'", "alter type e rename to f", "create type e as enum ('a')"]
  ) {
    assertEquals((await one(sql)).addsEnumValue, false, sql);
  }
  assertEquals((await one("alter type e rename value 'a' to 'b'", 110000)).nonTransactional, false);
});

Deno.test("transaction control is flagged", async () => {
  for (const sql of ["begin", "start transaction", "commit", "end", "rollback"]) {
    assertEquals((await one(sql)).transactionControl, true, sql);
  }
  assertEquals((await one("savepoint s")).transactionControl, false);
});

Deno.test("locks, rewrites and data loss", async () => {
  const c = await one("alter table s.t add column a int default 0, alter column b type bigint");
  assertEquals([c.lock, c.target, c.rewrites, c.deletesData], ["ACCESS EXCLUSIVE", "s.t", true, false]);
  assertEquals((await one("alter table t add column a int default 0")).rewrites, false);
  assertEquals((await one("alter table t add column a timestamptz default now()")).rewrites, true);
  assertEquals((await one("alter table t drop column a")).deletesData, true);
  assertEquals((await one("alter table t validate constraint c")).lock, "SHARE UPDATE EXCLUSIVE");
  assertEquals(
    (await one("alter table t add constraint f foreign key (a) references u not valid")).lock,
    "SHARE ROW EXCLUSIVE",
  );
  assertEquals((await one("create index i on t (a)")).lock, "SHARE");
  assertEquals((await one("create index concurrently i on t (a)")).hazards, ["NOT_TRANSACTIONAL", "INDEX_BUILD"]);
  const d = await one("drop table t");
  assertEquals([d.lock, d.deletesData, d.target], ["ACCESS EXCLUSIVE", true, "t"]);
  assertEquals((await one("truncate t")).hazards, ["ACQUIRES_ACCESS_EXCLUSIVE_LOCK", "DELETES_DATA"]);
  assertEquals((await one("delete from t where a = 1")).deletesData, true);
  assertEquals((await one("update t set a = 1")).lock, "ROW EXCLUSIVE");
  assertEquals((await one("vacuum full t")).rewrites, true);
  assertEquals((await one("lock table t in share mode")).lock, "SHARE");
  assertEquals((await one("create table n (id int)")).lock, null);
  const fk = await one("create table n (id int references parent (id))");
  assertEquals([fk.lock, fk.target], ["SHARE ROW EXCLUSIVE", "parent"]);
  assertEquals((await one("create view v as select 1")).lock, null);
  assertEquals((await one("drop schema s cascade")).deletesData, true);
});

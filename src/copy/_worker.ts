/**
 * A copy worker (a Deno Worker thread): one source session inside the run's snapshot (imported
 * with the first unit) and one target session, running the load units the main thread sends, one at a time, and reporting
 * progress and results. Messages are plain data; errors cross as their JSON form.
 * @module
 */
/// <reference lib="deno.worker" />
import { connect, type Database, type Session } from "../db/mod.ts";
import { toConfitureError } from "../errors/mod.ts";
import { executeUnit } from "./execute.ts";
import type { LoadUnit } from "./job.ts";
import { COPY_SESSION_SETTINGS } from "./settings.ts";
import { makeTransformFactory } from "./transform.ts";
import type { WorkerInit, WorkerReply, WorkerRequest } from "./_protocol.ts";

let init: WorkerInit | undefined;
const queue: WorkerRequest[] = [];
let wake: (() => void) | undefined;

self.onmessage = (e: MessageEvent<WorkerRequest>) => {
  const msg = e.data;
  if (msg.type === "init") {
    init = msg.init;
    main().catch((err) => post({ type: "fatal", error: errorJson(err) }));
    return;
  }
  queue.push(msg);
  const w = wake;
  wake = undefined;
  w?.();
};

function post(reply: WorkerReply): void {
  self.postMessage(reply);
}

function errorJson(e: unknown): Record<string, unknown> {
  return toConfitureError(e).toJSON();
}

async function next(): Promise<WorkerRequest> {
  while (queue.length === 0) await new Promise<void>((resolve) => (wake = resolve));
  return queue.shift()!;
}

async function main(): Promise<void> {
  const cfg = init!;
  let source: Database | undefined;
  let target: Database | undefined;
  try {
    const label = cfg.label ?? "confiture sync";
    source = await connect({ url: cfg.sourceUrl, source: "flag", applicationName: `${label} (read)` });
    target = await connect({ url: cfg.targetUrl, source: "flag", applicationName: `${label} (write)` });
    await source.exec(COPY_SESSION_SETTINGS);
    await target.exec(COPY_SESSION_SETTINGS);
    const transforms = makeTransformFactory(cfg.transformKey);
    // Ready once connected; the snapshot is imported with the first unit, so that a worker started
    // ahead of the load never sits idle inside a transaction (an idle-in-transaction timeout).
    post({ type: "ready" });
    let first = await next();
    while (first.type !== "unit" && first.type !== "close") first = await next();
    if (first.type === "close") return;
    const serve = async (src: Session) => {
      for (let msg: WorkerRequest = first;; msg = await next()) {
        if (msg.type === "close") return;
        if (msg.type !== "unit") continue;
        await runOne(msg.unit, src, target!, transforms);
      }
    };
    await source.transaction(
      { isolation: "repeatable read", readOnly: true, ...(cfg.snapshot ? { snapshot: cfg.snapshot } : {}) },
      serve,
    );
  } finally {
    await Promise.allSettled([source?.close(), target?.close()]);
    post({ type: "closed" });
  }
}

async function runOne(
  unit: LoadUnit,
  source: Session,
  target: Database,
  transforms: ReturnType<typeof makeTransformFactory>,
): Promise<void> {
  try {
    const result = await executeUnit(unit, { source, target }, {
      stateSql: init!.stateSql,
      transforms,
      onProgress: (p) => post({ type: "progress", progress: p }),
    });
    post({ type: "done", result });
  } catch (e) {
    post({ type: "failed", unit: unit.id, error: errorJson(e) });
    // The source transaction may be aborted by the cancelled COPY: this worker is done.
    throw e;
  }
}

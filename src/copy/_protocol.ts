/**
 * The messages between the main thread and the copy workers ({@link ./_worker.ts}).
 * @module
 */
import type { LoadUnit, TableProgress, UnitResult } from "./job.ts";
import type { TransformKey } from "./transform.ts";

/** What a worker needs to start: both databases, the run's snapshot, and the run's settings. */
export interface WorkerInit {
  sourceUrl: string;
  targetUrl: string;
  /** The exported snapshot every source session imports; undefined: a snapshot of its own. */
  snapshot?: string;
  /** The state-table statement run per table in each unit's transaction. */
  stateSql?: string;
  /** The run's anonymization key (one for every worker, so that joins survive); none without rules. */
  transformKey?: TransformKey;
  /** Sessions' `application_name` prefix (default `confiture sync`): `<label> (read)`, `<label> (write)`. */
  label?: string;
}

/** Main thread → worker. */
export type WorkerRequest =
  | { type: "init"; init: WorkerInit }
  | { type: "unit"; unit: LoadUnit }
  | { type: "close" };

/** Worker → main thread. */
export type WorkerReply =
  | { type: "ready" }
  | { type: "progress"; progress: TableProgress }
  | { type: "done"; result: UnitResult }
  | { type: "failed"; unit: string; error: Record<string, unknown> }
  /** The worker cannot go on (its connections failed); it has closed. */
  | { type: "fatal"; error: Record<string, unknown> }
  | { type: "closed" };

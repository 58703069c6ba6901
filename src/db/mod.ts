/**
 * The database layer: the only folder that imports a driver. Engines above it
 * talk to a {@link Database}, whichever backend it is: a PostgreSQL server
 * (postgres.js) or the embedded engine (PGlite). Both backends are loaded on
 * demand by {@link connect}: importing this module loads neither.
 * @module
 */

export type {
  Backend,
  ConnectionInfo,
  ConnectionSource,
  Database,
  IsolationLevel,
  Row,
  Session,
  TransactionOptions,
} from "./types.ts";
export { fromServerError, isServerError } from "./_errors.ts";
export type { ServerErrorOptions } from "./_errors.ts";
export { databaseOfUrl, displayUrl, parseServerUrl, SSL_MODES, sslOptionFor } from "./_url.ts";
export type { DriverSsl, SslMode } from "./_url.ts";
export { connect, embeddedDataDir, isEmbeddedUrl } from "./_connect.ts";
export type { ConnectTarget } from "./_connect.ts";
export { COPY_CHUNK_BYTES, copyToBlobDevice } from "./_copy.ts";
export {
  acquireAdvisoryLock,
  acquireMigrationLock,
  advisoryLockHolder,
  describeHolder,
  MIGRATION_LOCK_NAMESPACE,
  migrationLockKey,
  relationLockHolder,
} from "./_lock.ts";
export type {
  AdvisoryLock,
  AdvisoryLockKey,
  AdvisoryLockOptions,
  LockHolderInfo,
  MigrationLockOptions,
} from "./_lock.ts";
export {
  cancelAllScratch,
  disposeAllScratch,
  openScratch,
  openScratchCount,
  scratchDatabaseName,
  withScratch,
} from "./_scratch.ts";
export type { Scratch, ScratchOptions } from "./_scratch.ts";
export { maintenanceUrl, recreateDatabase } from "./_recreate.ts";
export {
  cacheDir as embeddedCacheDir,
  configureEmbedded,
  embeddedCacheDirFrom,
  PGLITE_VERSION,
  pristinePath,
} from "./_pristine.ts";
export type { CacheEnv } from "./_pristine.ts";

/**
 * SQL text utilities: identifier and literal quoting, the lexer (unterminated
 * tokens, checksum normalization), statement splitting with exact offsets
 * (libpg_query), positions (server error positions to file:line:col), statement
 * classification and the hazard codes.
 * @module
 */
export { QUOTED_KEYWORDS, quoteIdent, quoteLiteral, quoteQualified, sqlIdent } from "./quote.ts";
export { findUnterminated, lexSummary, normalizeForChecksum, splitStatements, sqlTokens } from "./lexer.ts";
export type {
  CopyData,
  LexOptions,
  LexStatement,
  LexSummary,
  SplitResult,
  SqlToken,
  SqlTokenKind,
  Unterminated,
  UnterminatedKind,
} from "./lexer.ts";
export { byteToCharMapper, splitSql, sqlComments } from "./split.ts";
export {
  charPositionToIndex,
  codePointCount,
  codePointOffset,
  doBlockLineIndex,
  lineColMapper,
  locateInStatement,
  offsetToLineCol,
} from "./locate.ts";
export type { LocateOptions, TextPosition } from "./locate.ts";
export type { SplitOptions, SqlComment, SqlStatement } from "./split.ts";
export { classifyStatement, LOCK_LEVELS } from "./classify.ts";
export type { ClassifyOptions, LockLevel, StatementClass } from "./classify.ts";
export { HAZARD_CODES, HAZARDS, isHazard, sortedHazards } from "./hazards.ts";
export type { Hazard } from "./hazards.ts";

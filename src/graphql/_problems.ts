/**
 * The problems found in an SDL document, collected so that one run reports all of them: the
 * first (by file, line, column) is thrown, the others are listed in its detail.
 * @module
 */
import { ConfitureError, type ErrorCode, type SourceLocation } from "../errors/mod.ts";

/** One problem, at a place in an SDL file. */
export interface Problem {
  code: ErrorCode;
  message: string;
  location: SourceLocation;
  hint?: string;
}

/** The most problems listed in the thrown error's detail. */
const MAX_LISTED = 20;

/** Collects problems; {@link Problems.throwIfAny} turns them into one {@link ConfitureError}. */
export class Problems {
  readonly list: Problem[] = [];

  /** Records a problem. */
  add(code: ErrorCode, message: string, location: SourceLocation, hint?: string): void {
    this.list.push({ code, message, location, ...(hint === undefined ? {} : { hint }) });
  }

  /** Throws the first problem (by place) with the others in its detail, when there is any. */
  throwIfAny(): void {
    if (this.list.length === 0) return;
    const sorted = [...this.list].sort((a, b) =>
      a.location.file < b.location.file
        ? -1
        : a.location.file > b.location.file
        ? 1
        : a.location.line - b.location.line || a.location.col - b.location.col
    );
    const [first, ...rest] = sorted;
    const where = (p: Problem) => `${p.location.file}:${p.location.line}:${p.location.col}`;
    const listed = rest.slice(0, MAX_LISTED).map((p) => `${where(p)}: ${p.message}`);
    if (rest.length > MAX_LISTED) listed.push(`… and ${rest.length - MAX_LISTED} more`);
    throw new ConfitureError(first.code, first.message, {
      location: first.location,
      ...(first.hint === undefined ? {} : { hint: first.hint }),
      ...(listed.length
        ? { detail: `${rest.length} more problem${rest.length === 1 ? "" : "s"}:\n${listed.join("\n")}` }
        : {}),
    });
  }
}

// The shape limits every request passes before anything transforms it (issue 15): how deep a
// JSON body nests, how long its lists are, and the keys that reach into an object's prototype.
// class-transformer recurses without a bound, so a 5,000-deep body must never get that far.
import { ValidationFailed, type FieldProblem } from '@ledger/domain';
import { RefusedRequest } from './refused-request';

export interface InputLimits {
  /** Objects and lists inside each other; the deepest legitimate body (a batch of purchases) has 6. */
  maxDepth: number;
  /** Items in any one list; a batch holds up to CRM_MAX_BATCH_COMMANDS, order lines up to 200. */
  maxListLength: number;
}

export const DEFAULT_INPUT_LIMITS: InputLimits = { maxDepth: 32, maxListLength: 1000 };

/** Keys that name an object's prototype machinery: never a field of ours, refused like any unknown one. */
export const FORBIDDEN_KEYS: ReadonlySet<string> = new Set(['__proto__', 'constructor', 'prototype']);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const OPEN_OBJECT = 0x7b;
const OPEN_LIST = 0x5b;
const CLOSE_OBJECT = 0x7d;
const CLOSE_LIST = 0x5d;

/** Refuses JSON text nesting deeper than the limit, before it is parsed: one pass, no recursion. */
export function assertNestingWithin(text: string, maxDepth: number): void {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_OBJECT || c === OPEN_LIST) {
      if (++depth > maxDepth) {
        throw new RefusedRequest(
          400,
          'BODY_TOO_DEEP',
          `the body nests objects and lists more than ${maxDepth} levels deep`,
          'body',
        );
      }
    } else if (c === CLOSE_OBJECT || c === CLOSE_LIST) {
      depth--;
    }
  }
}

/**
 * Walks a parsed body (depth already bounded): a list longer than the limit is refused, and every
 * forbidden key is reported with its path (`lines[0].__proto__`) as an unknown property.
 */
export function assertShapeWithin(value: unknown, limits: InputLimits): void {
  const path: Array<string | number> = [];
  const problems: FieldProblem[] = [];
  walk(value, path, problems, limits.maxListLength);
  if (problems.length > 0) throw new ValidationFailed(problems);
}

function walk(value: unknown, path: Array<string | number>, problems: FieldProblem[], maxListLength: number): void {
  if (value === null || typeof value !== 'object') return;
  if (Array.isArray(value)) {
    if (value.length > maxListLength) {
      throw new RefusedRequest(
        400,
        'LIST_TOO_LONG',
        `${formatPath(path) || 'the body'} has ${value.length} items; a list may have at most ${maxListLength}`,
        'body',
      );
    }
    for (let i = 0; i < value.length; i++) {
      path.push(i);
      walk(value[i], path, problems, maxListLength);
      path.pop();
    }
    return;
  }
  for (const key of Object.keys(value)) {
    path.push(key);
    if (FORBIDDEN_KEYS.has(key)) problems.push({ field: formatPath(path), reason: `property ${key} should not exist` });
    else walk((value as Record<string, unknown>)[key], path, problems, maxListLength);
    path.pop();
  }
}

/** `lines[2].unitPrice`, as validation problems name fields. */
export function formatPath(path: ReadonlyArray<string | number>): string {
  let out = '';
  for (const part of path) out += typeof part === 'number' ? `[${part}]` : out ? `.${part}` : part;
  return out;
}

/**
 * Problems with a query string: a forbidden key, or a parameter given more than once. No
 * parameter of ours is a repeatable list (lists are comma-separated, e.g. audit `type`), and a
 * repeat silently matching nothing is what issue 15 found; so a repeat is refused, named.
 */
export function queryProblems(query: unknown): FieldProblem[] {
  if (query === null || typeof query !== 'object') return [];
  const problems: FieldProblem[] = [];
  for (const key of Object.keys(query)) {
    if (FORBIDDEN_KEYS.has(key)) {
      problems.push({ field: key, reason: `query parameter ${key} is not accepted` });
    } else if (Array.isArray((query as Record<string, unknown>)[key])) {
      problems.push({ field: key, reason: `${key} is given more than once; give it once` });
    }
  }
  return problems;
}

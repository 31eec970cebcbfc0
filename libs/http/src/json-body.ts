// How requests are read: bodies JSON only, up to the configured size and shape, into plain
// objects or arrays; query strings without repeats or prototype keys. Every app registers this
// in place of the framework's defaults, so a refusal happens before any controller or pipe.
import type { FastifyInstance } from 'fastify';
import { ValidationFailed } from '@ledger/domain';
import {
  DEFAULT_INPUT_LIMITS,
  assertNestingWithin,
  assertShapeWithin,
  queryProblems,
  type InputLimits,
} from './input-guard';
import { readBodiesWithoutBind } from './body-scope';
import { RefusedRequest } from './refused-request';

const UNITS: Record<string, number> = { b: 1, kb: 1024, mb: 1024 ** 2, gb: 1024 ** 3 };

/** `256kb`, `1mb`, `8192` → bytes (1 kb = 1024 bytes, as CRM_BODY_LIMIT has always meant). */
export function byteSize(limit: string): number {
  const match = /^\s*(\d+(?:\.\d+)?)\s*(b|kb|mb|gb)?\s*$/i.exec(limit);
  if (!match) throw new Error(`body limit '${limit}' is not a size such as 256kb or 1mb`);
  return Math.floor(Number(match[1]) * UNITS[(match[2] ?? 'b').toLowerCase()]);
}

/**
 * Replaces every default parser with one for application/json (any parameters, any case):
 * other media types get 415. Fastify's own JSON parser goes too: its onProtoPoisoning refusal
 * is a generic 400 naming no field, where ours names the path (`lines[0].__proto__`).
 * Query strings are checked as soon as the request is routed.
 */
export function registerRequestReading(
  fastify: FastifyInstance,
  bodyLimit: number,
  limits: InputLimits = DEFAULT_INPUT_LIMITS,
): void {
  fastify.removeAllContentTypeParsers();
  readBodiesWithoutBind(fastify);
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string, limits));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
  fastify.addHook('onRequest', (request, _reply, done) => {
    const problems = queryProblems(request.query);
    done(problems.length > 0 ? new ValidationFailed(problems) : undefined);
  });
}

/**
 * Like body-parser's strict mode, only an object or an array is a body; an empty body is `{}` so
 * validation names the missing fields. Depth is checked on the text, the rest on the parsed value.
 */
export function parseJsonBody(text: string, limits: InputLimits = DEFAULT_INPUT_LIMITS): unknown {
  const start = firstNonSpace(text);
  if (start === text.length) return {};
  const opening = text.charCodeAt(start);
  if (opening !== 0x7b /* { */ && opening !== 0x5b /* [ */) {
    throw malformed('the body must be a JSON object');
  }
  assertNestingWithin(text, limits.maxDepth);
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch (error) {
    throw malformed(`request body is not valid JSON: ${(error as Error).message}`);
  }
  if (mayBreakShape(text, limits)) assertShapeWithin(body, limits);
  return body;
}

/**
 * False when the text cannot hold a forbidden key or an over-long list, so the walk is skipped
 * (the usual command body). A list of n items needs at least 2n-1 characters, and a key can only
 * spell `__proto__` in the text itself or through a \u escape.
 */
function mayBreakShape(text: string, limits: InputLimits): boolean {
  return (
    text.length >= 2 * limits.maxListLength ||
    text.includes('\\u') ||
    text.includes('__proto__') ||
    text.includes('constructor') ||
    text.includes('prototype')
  );
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

const malformed = (message: string) => new RefusedRequest(400, 'MALFORMED_JSON', message, 'body');

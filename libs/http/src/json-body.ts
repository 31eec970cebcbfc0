// How request bodies are read: JSON only, up to the configured size, into plain objects or
// arrays. Every app registers this one parser in place of the framework's defaults.
import type { FastifyInstance } from 'fastify';
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
 * other media types get 415. Like body-parser's strict mode, only an object or an array is a
 * body; an empty body is `{}` so validation names the missing fields.
 */
export function registerJsonBody(fastify: FastifyInstance, bodyLimit: number): void {
  fastify.removeAllContentTypeParsers();
  fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit }, (_request, text, done) => {
    try {
      done(null, parseJsonBody(text as string));
    } catch (error) {
      done(error as Error, undefined);
    }
  });
}

export function parseJsonBody(text: string): unknown {
  const start = firstNonSpace(text);
  if (start === text.length) return {};
  const opening = text.charCodeAt(start);
  if (opening !== 0x7b /* { */ && opening !== 0x5b /* [ */) {
    throw malformed('the body must be a JSON object');
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw malformed(`request body is not valid JSON: ${(error as Error).message}`);
  }
}

function firstNonSpace(text: string): number {
  let i = 0;
  while (i < text.length && (text[i] === ' ' || text[i] === '\n' || text[i] === '\r' || text[i] === '\t')) i++;
  return i;
}

const malformed = (message: string) => new RefusedRequest(400, 'MALFORMED_JSON', message, 'body');

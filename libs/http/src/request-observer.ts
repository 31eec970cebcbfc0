// What every HTTP request leaves behind: an X-Request-Id (the caller's, when it sent a usable
// one), a count in the status metric, and one JSON log line — at debug level normally, at error
// level for a 5xx. A line names the route template, never the URL (a search query may hold a
// name), and ids only: request, correlation, customer.
import { randomBytes } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Logger } from 'pino';
import type { Metrics } from './metrics';

const ID = /^[A-Za-z0-9._:-]{1,128}$/;
const PROCESS_TAG = randomBytes(3).toString('hex');
let counter = 0;

/** Fastify's genReqId: the caller's X-Request-Id when it is a plain id, else `<process>-<n>`. */
export function requestId(raw: IncomingMessage): string {
  const given = raw.headers['x-request-id'];
  if (typeof given === 'string' && ID.test(given)) return given;
  return `${PROCESS_TAG}-${(++counter).toString(36)}`;
}

export function registerRequestObserver(fastify: FastifyInstance, logger: Logger, metrics: Metrics): void {
  // The level does not change while the process runs: decided once, not per request.
  const debug = logger.isLevelEnabled('debug');
  fastify.addHook('onRequest', (request, reply, done) => {
    void reply.header('x-request-id', request.id);
    done();
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    const status = reply.statusCode;
    metrics.countResponse(status);
    if (status >= 500) logger.error(requestFields(request, reply), 'request failed');
    else if (debug) logger.debug(requestFields(request, reply), 'request');
    done();
  });
}

export interface Forwarded {
  /** The service that answered (`command-service`, `audit-service`). */
  upstream: string;
  /** The upstream's route template the request matched. */
  route: string;
}

const forwards = new WeakMap<FastifyRequest, Forwarded>();

/** Marks a request this service forwarded: its log line names the upstream and its route. */
export function markForwarded(request: FastifyRequest, upstream: string, route: string): void {
  forwards.set(request, { upstream, route });
}

export function forwardOf(request: FastifyRequest): Forwarded | undefined {
  return forwards.get(request);
}

export function requestFields(request: FastifyRequest, reply: FastifyReply): Record<string, unknown> {
  const forwarded = forwards.get(request);
  return {
    reqId: request.id,
    method: request.method,
    route: forwarded?.route ?? request.routeOptions.url ?? null,
    ...(forwarded ? { forwardedTo: forwarded.upstream } : {}),
    status: reply.statusCode,
    ms: Math.round(reply.elapsedTime * 100) / 100,
    correlationId: plainId(request.headers['x-correlation-id']),
    customerId: customerOf(request),
  };
}

/** The customer a request is about: the path's `:customerId`, or a registration's `customerId`. */
function customerOf(request: FastifyRequest): string | undefined {
  const params = request.params as Record<string, unknown> | undefined;
  const body = request.body as Record<string, unknown> | null | undefined;
  return plainId(params?.['customerId']) ?? (isObject(body) ? plainId(body['customerId']) : undefined);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Only values shaped like ids are logged: anything else a client sent stays out. */
function plainId(value: unknown): string | undefined {
  return typeof value === 'string' && ID.test(value) ? value : undefined;
}

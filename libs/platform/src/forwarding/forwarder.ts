// The query service as the console's one origin in distributed mode: requests for a route the
// command service or the audit service registers, and the query service itself does not, are
// streamed to that service with @fastify/reply-from, headers and answers passed through.
// Forwarding rather than CORS to three origins: the session cookie (SameSite=Lax, HttpOnly)
// and its CSRF token belong to one origin, and the console needs no knowledge of the topology.
import { Transform, type TransformCallback } from 'node:stream';
import replyFrom from '@fastify/reply-from';
import type { DynamicModule, Type } from '@nestjs/common';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { IncomingHttpHeaders } from 'node:http';
import type { Logger } from 'pino';
import { Counter, Histogram } from 'prom-client';
import type { ForwardingConfig } from '@ledger/config';
import { RefusedRequest, forwardOf, markForwarded, toBody, type Metrics } from '@ledger/http';
import { ForwardedBodyTooLarge, failureAnswer } from './forward-failure';
import { RouteTable, routesOf } from './route-table';

type Feature = Type<unknown> | DynamicModule;

/** The feature modules each upstream runs: their routes are what gets forwarded to it. */
export interface ForwardedServices {
  /** The command service's features: commands, and sign-in and API keys where it runs them. */
  command?: Feature[];
  /** The audit service's features: history, verification, time travel, export, access log. */
  audit?: Feature[];
}

type Owner = 'local' | 'command-service' | 'audit-service';

interface Upstream {
  name: Exclude<Owner, 'local'>;
  /** Origin and path prefix, without a trailing slash. */
  base: string;
}

/** RFC 9110 §7.6.1: meaningful for one connection only, never passed on. */
const HOP_BY_HOP = [
  'connection',
  'keep-alive',
  'proxy-authenticate',
  'proxy-authorization',
  'proxy-connection',
  'te',
  'trailer',
  'transfer-encoding',
  'upgrade',
];

export interface ForwardingOptions {
  config: ForwardingConfig;
  services: ForwardedServices;
  bodyLimit: number;
  metrics: Metrics;
  logger: Logger;
}

/**
 * Registers the forwarding on the service's Fastify instance (before its routes are
 * registered, so every local route is known). Returns the upstreams in use, none when no URL is
 * configured: then the service answers exactly as without forwarding.
 */
export function registerForwarding(fastify: FastifyInstance, options: ForwardingOptions): Upstream[] {
  const { config, services } = options;
  const table = new RouteTable<Owner>(['local', 'command-service', 'audit-service']);
  const upstreams = new Map<Owner, Upstream>();
  const configured: Array<[Upstream['name'], URL | null, Feature[] | undefined]> = [
    ['command-service', config.commandService, services.command],
    ['audit-service', config.auditService, services.audit],
  ];
  for (const [name, url, features] of configured) {
    if (!url || !features?.length) continue;
    upstreams.set(name, { name, base: url.href.replace(/\/+$/, '') });
    table.addAll(name, routesOf(features));
  }
  if (upstreams.size === 0) return [];

  // Every route this service registers is its own, whatever an upstream also serves
  // (/health, /auth/me, /metrics); the console's catch-all `/*` loses to any upstream route.
  fastify.addHook('onRoute', (route) => {
    for (const method of [route.method].flat()) table.add('local', method, route.url);
  });
  void fastify.register(replyFrom, {
    disableRequestLogging: true,
    // Closing the service closes its pooled connections too (reply-from keeps them by default).
    destroyAgent: true,
    undici: {
      connections: 128,
      pipelining: 1,
      connectTimeout: config.connectTimeoutMs,
      headersTimeout: config.timeoutMs,
      bodyTimeout: config.timeoutMs,
    },
  });
  const count = forwardMetrics(options.metrics);
  fastify.addHook('onRequest', (request, reply, done) => {
    const path = pathOf(request.url);
    const match = table.match(request.method, path);
    const upstream = match && upstreams.get(match.owner);
    if (!match || !upstream) return done();
    markForwarded(request, upstream.name, match.template);
    // The hook chain stops here (done is not called): the forwarded answer is this reply.
    forward(request, reply, upstream, path, options);
  });
  fastify.addHook('onResponse', (request, reply, done) => {
    count(request, reply);
    done();
  });
  return [...upstreams.values()];
}

function forward(
  request: FastifyRequest,
  reply: FastifyReply,
  upstream: Upstream,
  path: string,
  { bodyLimit, config, logger }: ForwardingOptions,
): void {
  const failed = (error: unknown) => {
    const { body, reason } = failureAnswer(error, upstream.name, config.timeoutMs);
    logger.warn({ reqId: request.id, forwardedTo: upstream.name, status: body.statusCode, reason }, 'forward failed');
    // The client may still be sending a body nobody will read: this connection is not reused.
    if (body.statusCode === 413) void reply.header('connection', 'close');
    void reply.status(body.statusCode).type('application/json; charset=utf-8').send(body);
  };
  if (carriesBody(request)) {
    const declared = Number(request.headers['content-length']);
    if (declared > bodyLimit) return failed(new ForwardedBodyTooLarge(bodyLimit));
    // Streamed as it arrives, counted on the way: a chunked body over the limit is cut off.
    // A caller that goes away mid-body ends the forward at once (the upstream request fails)
    // instead of leaving it waiting for the rest until the timeout. Not `pipeline`: a body over
    // the limit must not destroy the caller's connection before the 413 is written to it.
    const limited = new ByteLimit(bodyLimit);
    request.raw.pipe(limited);
    request.raw.once('close', () => {
      if (!request.raw.complete) limited.destroy(new Error('the caller closed the connection mid-body'));
    });
    request.body = limited;
  }
  try {
    void reply.from(`${upstream.base}${path}`, {
      // HTTP/1.1 on both sides: the headers are Node's IncomingHttpHeaders.
      rewriteRequestHeaders: (_original, headers) => requestHeaders(request, headers as IncomingHttpHeaders),
      rewriteHeaders: (headers) => responseHeaders(headers as IncomingHttpHeaders, request),
      onError: (_reply, { error }) => failed(error),
    });
  } catch (error) {
    // reply-from refuses a path it cannot make a URL of (`..` segments, bad escapes) by throwing.
    void reply.status(400).send(toBody(new RefusedRequest(400, 'BAD_REQUEST', (error as Error).message, 'path')));
  }
}

/** The headers sent upstream: the caller's, less hop-by-hop ones, plus the request id and X-Forwarded-*. */
export function requestHeaders(
  request: Pick<FastifyRequest, 'id' | 'ip' | 'protocol' | 'headers'>,
  headers: IncomingHttpHeaders,
): IncomingHttpHeaders {
  const out = withoutHopByHop(headers);
  const before = headers['x-forwarded-for'];
  return {
    ...out,
    // The upstream logs the same request id as this service (its genReqId takes the caller's).
    'x-request-id': request.id,
    'x-forwarded-for': before ? `${[before].flat().join(', ')}, ${request.ip}` : request.ip,
    'x-forwarded-proto': request.protocol,
    ...(request.headers.host ? { 'x-forwarded-host': request.headers.host } : {}),
  };
}

/** The headers sent back: the upstream's, less hop-by-hop ones; cookies made Secure over TLS. */
export function responseHeaders(
  headers: IncomingHttpHeaders,
  request: Pick<FastifyRequest, 'protocol'>,
): IncomingHttpHeaders {
  const out = withoutHopByHop(headers);
  // The upstream speaks plain HTTP inside the cluster and sets no Secure flag; the browser
  // reached this service over TLS, so the session cookie must only ever travel over TLS.
  const cookies = out['set-cookie'];
  if (cookies && request.protocol === 'https') {
    out['set-cookie'] = cookies.map((cookie) => (/;\s*secure\b/i.test(cookie) ? cookie : `${cookie}; Secure`));
  }
  return out;
}

/** The fixed hop-by-hop headers and any the Connection header names (RFC 9110 §7.6.1). */
function withoutHopByHop(headers: IncomingHttpHeaders): IncomingHttpHeaders {
  const out: IncomingHttpHeaders = { ...headers };
  const named = String(headers.connection ?? '')
    .split(',')
    .map((name) => name.trim().toLowerCase())
    .filter(Boolean);
  for (const name of [...HOP_BY_HOP, ...named]) delete out[name];
  return out;
}

/** A body is sent on when one is declared: a length above zero, or chunked framing. */
function carriesBody(request: FastifyRequest): boolean {
  if (request.method === 'GET' || request.method === 'HEAD') return false;
  const length = request.headers['content-length'];
  return (length !== undefined && length !== '0') || request.headers['transfer-encoding'] !== undefined;
}

function pathOf(url: string): string {
  const query = url.indexOf('?');
  return query === -1 ? url : url.slice(0, query);
}

class ByteLimit extends Transform {
  private seen = 0;
  constructor(private readonly limit: number) {
    super();
  }
  override _transform(chunk: Buffer, _encoding: BufferEncoding, callback: TransformCallback): void {
    this.seen += chunk.length;
    callback(this.seen > this.limit ? new ForwardedBodyTooLarge(this.limit) : null, chunk);
  }
}

/** `ledger_http_forwarded_total{upstream,status}` and the time each upstream took. */
function forwardMetrics(metrics: Metrics): (request: FastifyRequest, reply: FastifyReply) => void {
  const answered = new Counter({
    name: 'ledger_http_forwarded_total',
    help: 'Requests the query service forwarded, by upstream service and the status answered',
    labelNames: ['upstream', 'status'],
    registers: [metrics.registry],
  });
  const seconds = new Histogram({
    name: 'ledger_http_forwarded_seconds',
    help: 'Time from receiving a forwarded request to its answer, by upstream service',
    labelNames: ['upstream'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
    registers: [metrics.registry],
  });
  return (request, reply) => {
    const forwarded = forwardOf(request);
    if (!forwarded) return;
    answered.inc({ upstream: forwarded.upstream, status: String(reply.statusCode) });
    seconds.observe({ upstream: forwarded.upstream }, reply.elapsedTime / 1000);
  };
}

// Reading a request body without Fastify's per-request AsyncResource.bind(): on Node 20 that
// call builds two deprecate() wrappers (DEP0172) and re-prototypes them, about 37 µs of the
// request thread per request with a body — a tenth of a single command's CPU (docs/benchmarks.md,
// "ingest3"). Fastify 5.6's content-type parser makes that call for every body; later Fastify
// releases replaced it with a plain callback that enters the same async scope (fastify#7012).
// This installs that callback on one instance's parser for the parsers that read the whole body
// (ours: parseAs 'string'); anything else still goes through Fastify's own code unchanged.
import { AsyncResource } from 'node:async_hooks';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';

type Done = (error: Error | null | undefined, body?: unknown) => void;
type Handler = (request: FastifyRequest, reply: FastifyReply) => void;
interface Parser {
  asString?: boolean;
  asBuffer?: boolean;
}
interface ContentTypeParser {
  getParser(contentType: string): Parser | undefined;
  run(contentType: string, handler: Handler, request: FastifyRequest, reply: FastifyReply): void;
}
type RawBody = (request: FastifyRequest, reply: FastifyReply, options: unknown, parser: Parser, done: Done) => void;

interface FastifyInternals {
  symbols: Record<'kContentTypeParser' | 'kRouteContext' | 'kReplyIsError' | 'kTestInternals', symbol>;
  rawBody: RawBody;
}

/** Fastify's own body reader and symbols, or null if this Fastify does not have them where 5.6 does. */
function fastifyInternals(): FastifyInternals | null {
  try {
    // eslint-disable-next-line @typescript-eslint/no-require-imports -- internals Fastify exports only by path
    const symbols = require('fastify/lib/symbols') as FastifyInternals['symbols'];
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const parserModule = require('fastify/lib/content-type-parser') as Record<symbol, { rawBody?: RawBody }>;
    const rawBody = parserModule[symbols.kTestInternals]?.rawBody;
    const complete = symbols.kContentTypeParser && symbols.kRouteContext && symbols.kReplyIsError;
    return complete && typeof rawBody === 'function' ? { symbols, rawBody } : null;
  } catch {
    return null;
  }
}

/**
 * Makes `fastify`'s content-type parser read whole bodies (parseAs 'string' or 'buffer') in the
 * request's async scope without AsyncResource.bind. Returns false, changing nothing, when this
 * Fastify's internals are not the ones it knows (then Fastify's own run() is as correct, only slower).
 */
export function readBodiesWithoutBind(fastify: FastifyInstance): boolean {
  const internals = fastifyInternals();
  const parsers =
    internals && (fastify as unknown as Record<symbol, ContentTypeParser>)[internals.symbols.kContentTypeParser];
  if (!internals || !parsers || typeof parsers.run !== 'function') return false;
  const { kRouteContext, kReplyIsError } = internals.symbols;
  const fastifyRun = parsers.run;
  parsers.run = function run(this: ContentTypeParser, contentType, handler, request, reply) {
    const parser = this.getParser(contentType);
    // No parser (415 or a 404's body) and stream parsers: Fastify's own path.
    if (parser === undefined || !(parser.asString === true || parser.asBuffer === true)) {
      return fastifyRun.call(this, contentType, handler, request, reply);
    }
    const resource = new AsyncResource('content-type-parser:run');
    const onDone = (error: Error | null | undefined, body?: unknown) => {
      resource.emitDestroy();
      if (error != null) {
        // As Fastify does: the client may still be sending the rest of a refused body.
        void reply.header('connection', 'close');
        (reply as unknown as Record<symbol, boolean>)[kReplyIsError] = true;
        void reply.send(error);
        return;
      }
      request.body = body;
      handler(request, reply);
    };
    const done: Done = (error, body) => resource.runInAsyncScope(onDone, null, error, body);
    const routeOptions = (reply as unknown as Record<symbol, { _parserOptions: unknown }>)[kRouteContext]
      ._parserOptions;
    internals.rawBody(request, reply, routeOptions, parser, done);
  };
  return true;
}

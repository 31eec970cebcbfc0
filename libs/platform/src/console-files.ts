// Serves the built console (dist/console) at `/` beside the API: hashed assets cached for a
// year, index.html never cached, and index.html for any other GET that asks for HTML and that
// no API route answers (the console's own paths, e.g. /customer/c-1). API routes always win
// (Fastify prefers a registered route over this catch-all), and a path under an API prefix
// never falls back to the page: a mistyped API URL stays a JSON 404.
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { existsSync, statSync } from 'node:fs';
import { join, normalize, sep } from 'node:path';

const YEAR_SECONDS = 31_536_000;
/** Only the page's own files: scripts, styles and fonts from this origin, API calls to it. */
const CONTENT_SECURITY_POLICY = [
  "default-src 'self'",
  "img-src 'self' data:",
  "object-src 'none'",
  "base-uri 'none'",
  "frame-ancestors 'none'",
  "form-action 'self'",
].join('; ');

/**
 * Registers the console's files on `fastify`. Call before the API's routes are registered, so
 * their first path segments are known. Returns false (and serves nothing) when `dir` holds no
 * build: the API runs on its own.
 */
export function serveConsole(fastify: FastifyInstance, dir: string): boolean {
  const index = join(dir, 'index.html');
  if (!existsSync(index)) return false;
  const apiSegments = new Set<string>();
  fastify.addHook('onRoute', (route) => {
    const segment = route.url.split('/')[1];
    if (segment && segment !== '*') apiSegments.add(segment);
  });
  // Only reply.sendFile; the routing is ours (below), so nothing is exposed by accident.
  void fastify.register(fastifyStatic, { root: dir, serve: false });

  const sendIndex = (reply: FastifyReply) =>
    reply
      .header('cache-control', 'no-cache')
      .header('content-security-policy', CONTENT_SECURITY_POLICY)
      .header('x-content-type-options', 'nosniff')
      .type('text/html; charset=utf-8')
      .sendFile('index.html', { cacheControl: false });

  fastify.get('/', (_request, reply) => sendIndex(reply));
  fastify.get('/*', (request: FastifyRequest, reply: FastifyReply) => {
    const path = decodedPath(request.url);
    const file = path === null ? null : fileUnder(dir, path);
    if (file) {
      const hashed = path!.startsWith('/assets/');
      return reply
        .header('cache-control', hashed ? `public, max-age=${YEAR_SECONDS}, immutable` : 'no-cache')
        .header('x-content-type-options', 'nosniff')
        .sendFile(file, { cacheControl: false });
    }
    const segment = path?.split('/')[1] ?? '';
    if (path !== null && !apiSegments.has(segment) && !path.startsWith('/assets/') && wantsHtml(request)) {
      return sendIndex(reply);
    }
    return reply.callNotFound();
  });
  return true;
}

function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0]);
  } catch {
    return null;
  }
}

/** The file for a URL path inside `dir` (relative), or null: no escaping `dir`, no directories. */
function fileUnder(dir: string, path: string): string | null {
  const relative = normalize(path).replace(/^[/\\]+/, '');
  if (relative === '' || relative.startsWith('..') || relative.includes(`${sep}..`) || relative.includes('\0'))
    return null;
  const absolute = join(dir, relative);
  try {
    return statSync(absolute).isFile() ? relative : null;
  } catch {
    return null;
  }
}

function wantsHtml(request: FastifyRequest): boolean {
  return (request.headers.accept ?? '').includes('text/html');
}

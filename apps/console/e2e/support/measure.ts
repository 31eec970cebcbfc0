// The console's speed figures: initial JavaScript (gzip) as index.html loads it, and the time
// from navigation to a usable screen.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { CONSOLE_DIST } from './console-build';

/** Scripts index.html loads before anything else (entry and module preloads), gzip-compressed. */
export function initialJavaScript(): { files: string[]; gzipBytes: number } {
  const html = readFileSync(join(CONSOLE_DIST, 'index.html'), 'utf8');
  const files = [
    ...html.matchAll(/<(?:script[^>]*\ssrc|link[^>]*rel="modulepreload"[^>]*\shref)="\/([^"]+\.js)"/g),
  ].map((m) => m[1]);
  const gzipBytes = files.reduce(
    (sum, file) => sum + gzipSync(readFileSync(join(CONSOLE_DIST, file)), { level: 9 }).length,
    0,
  );
  return { files, gzipBytes };
}

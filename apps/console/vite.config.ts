// Builds the console into dist/console: one small entry, one chunk per screen (React.lazy),
// hashed file names so the servers can cache assets forever and index.html never.
import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));
const lib = (path: string) => fileURLToPath(new URL(`../../libs/${path}`, import.meta.url));

export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The server libraries the console imports are type-only (erased before bundling) except the
  // domain's vocabulary, a pure module whose lists the forms offer. Only it resolves here, so
  // a value import of any other server module fails the build instead of bundling server code.
  resolve: { alias: { '@ledger/domain/vocabulary': lib('domain/src/vocabulary.ts') } },
  build: {
    outDir: fileURLToPath(new URL('../../dist/console', import.meta.url)),
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: false,
    reportCompressedSize: false,
    chunkSizeWarningLimit: 700,
  },
  server: {
    // `vite` in development: the API runs on the CRM's port. Console paths never start with
    // an API prefix (see src/app/routes.tsx), so a plain prefix proxy is enough.
    proxy: Object.fromEntries(
      ['/customers', '/complaints', '/auth', '/segments', '/campaigns', '/kpis', '/audit', '/admin', '/health'].map(
        (path) => [path, 'http://127.0.0.1:3000'],
      ),
    ),
  },
});

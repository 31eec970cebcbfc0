// Resolves the workspace's `@ledger/<lib>` imports to the compiled output in dist/,
// so the built apps run with plain `node` and no path-mapping dependency.
const Module = require('module');
const path = require('path');

const distLibs = path.resolve(__dirname, '..', 'dist', 'libs');
const original = Module._resolveFilename;
Module._resolveFilename = function resolveLedger(request, ...rest) {
  if (request.startsWith('@ledger/')) {
    const lib = request.slice('@ledger/'.length);
    return original.call(this, path.join(distLibs, lib, 'src', 'index.js'), ...rest);
  }
  return original.call(this, request, ...rest);
};

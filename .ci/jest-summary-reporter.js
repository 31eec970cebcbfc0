// Prints one closing line in the plain `N passed, N failed, N skipped` form that CI reads, and
// then whatever would still keep the process alive: jest exits when the run is over (forceExit in
// jest.config.js), so a test that leaves a server, a child process or a socket open is named in
// the log instead of hanging CI (timers are not listed: jest keeps one of its own).
class SummaryReporter {
  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
    const open = stillOpen();
    if (open.length > 0) process.stdout.write(`jest: still open after the run: ${open.join('; ')}\n`);
  }
}

/** Jest's own standard streams, which stay open. */
function stdio(handle) {
  return handle === process.stdout || handle === process.stderr || handle === process.stdin;
}

function stillOpen() {
  return process
    ._getActiveHandles()
    .filter((h) => !stdio(h) && (typeof h.hasRef !== 'function' || h.hasRef()))
    .map(describe);
}

function describe(handle) {
  const name = handle.constructor?.name ?? typeof handle;
  if (name === 'ChildProcess')
    return `child process ${handle.pid} (${(handle.spawnargs ?? []).join(' ').slice(0, 160)})`;
  if (name === 'Socket')
    return `socket ${handle.remoteAddress ?? ''}:${handle.remotePort ?? ''} (local ${handle.localPort ?? ''})`;
  if (name === 'Server') {
    const address = typeof handle.address === 'function' ? handle.address() : null;
    return `server ${address ? JSON.stringify(address) : ''}`;
  }
  return name;
}

module.exports = SummaryReporter;

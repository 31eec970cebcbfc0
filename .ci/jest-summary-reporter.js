// Prints one closing line in the plain `N passed, N failed, N skipped` form that CI reads, and
// then whatever would still keep the process alive: jest exits when the run is over (forceExit in
// jest.config.js), so a test that leaves a server, a child process or a socket open is named in
// the log instead of hanging CI (timers are not listed: jest keeps one of its own). The suites
// run in this process (two cores: one jest worker, in band), so after each test file the handles
// that appeared are noted against it, and each one still open at the end names the file after
// which it was first seen.
class SummaryReporter {
  constructor() {
    /** Handle → the test file after which it was first seen open (weak: closed handles go). */
    this.firstSeen = new WeakMap();
  }

  onTestFileResult(test) {
    for (const handle of openHandles()) if (!this.firstSeen.has(handle)) this.firstSeen.set(handle, test.path);
  }

  onRunComplete(_contexts, results) {
    const skipped = results.numPendingTests + results.numTodoTests;
    process.stdout.write(
      `\njest: ${results.numPassedTests} passed, ${results.numFailedTests} failed, ${skipped} skipped\n`,
    );
    const open = openHandles().map((handle) => {
      const file = this.firstSeen.get(handle);
      return `${describe(handle)}${file ? `, first seen after ${relative(file)}` : ''}`;
    });
    if (open.length > 0) process.stdout.write(`jest: still open after the run: ${open.join('; ')}\n`);
  }
}

/** Jest's own standard streams, which stay open. */
function stdio(handle) {
  return handle === process.stdout || handle === process.stderr || handle === process.stdin;
}

/**
 * Handles that keep the process alive. A socket already destroyed, a server no longer listening
 * or a child process that has exited, whose handle only waits for libuv's close callback, keeps
 * nothing open: left out.
 */
function openHandles() {
  return process
    ._getActiveHandles()
    .filter((h) => !stdio(h) && !closing(h) && (typeof h.hasRef !== 'function' || h.hasRef()));
}

function closing(handle) {
  if (handle.destroyed === true) return true;
  const name = handle.constructor?.name;
  if (name === 'Server') return handle.listening === false;
  return name === 'ChildProcess' && (handle.exitCode !== null || handle.signalCode !== null);
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

function relative(file) {
  return file.startsWith(process.cwd()) ? file.slice(process.cwd().length + 1) : file;
}

module.exports = SummaryReporter;

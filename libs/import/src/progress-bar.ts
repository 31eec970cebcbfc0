// The import and export CLIs' progress bar: on standard error, and only when it is a terminal
// (a log or a pipe gets the summary line alone) and not hidden with --no-progress.
import { SingleBar } from 'cli-progress';

export function progressBar(
  format: string,
  total: number,
  payload: Record<string, unknown>,
  hidden: boolean,
): SingleBar | null {
  if (hidden || !process.stderr.isTTY) return null;
  const bar = new SingleBar({ format, stream: process.stderr });
  bar.start(total, 0, payload);
  return bar;
}

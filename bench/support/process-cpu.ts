// CPU time of this process, whole and main thread alone, for "µs of CPU per command". The main
// thread is the one the target is about (it parses HTTP and runs commands); the process
// figure adds libuv's pool, GC helper threads and any worker thread. Linux exposes per-thread
// times in /proc/self/task/<tid>/stat; the main thread's tid is the pid.
import { readFileSync } from 'node:fs';

export interface CpuTimes {
  /** user + system, microseconds, all threads. */
  processUs: number;
  /** user + system, microseconds, main thread only (null where /proc is missing). */
  mainThreadUs: number | null;
}

/** Linux's USER_HZ: /proc reports thread times in these ticks. */
const TICK_US = 10_000;

export function cpuTimes(): CpuTimes {
  const usage = process.cpuUsage();
  return { processUs: usage.user + usage.system, mainThreadUs: mainThreadUs() };
}

function mainThreadUs(): number | null {
  try {
    const stat = readFileSync(`/proc/self/task/${process.pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces; fields after its closing parenthesis are fixed.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) * TICK_US; // utime, stime (fields 14, 15)
  } catch {
    return null;
  }
}

// One wrk run (the Debian package, C + LuaJIT, far cheaper per request than autocannon) with a
// Lua script drawing the bench mix's POST bodies, timed by bash's `time` so the generator's own
// CPU is reported beside every figure. wrk is not a dependency: when it is missing the scenario
// says so instead of falling back to a generator that would be the bottleneck.
import { execFile, execFileSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KEYS } from './crm-process';

// Every wrk thread has its own Lua state: setup() gives each a number so new customers' ids
// never collide between threads. `batch` > 0 sends POST /commands/batch with that many items.
const MIX_LUA = `
local customers, run, batch, counter = 5000, "r", 0, 0
local channels = { "phone", "web", "email", "chat", "sms" }
local threads = 0
function setup(thread)
  threads = threads + 1
  thread:set("tid", threads)
end
function init(args)
  customers = tonumber(args[1]) or 5000
  run = (args[2] or "r") .. "-" .. tostring(tid or 0)
  batch = tonumber(args[3]) or 0
  math.randomseed(os.time() * 1000 + (tid or 0))
end
local function pick()
  local r = math.random()
  local id = "b-" .. math.random(0, customers - 1)
  if r < 0.7 then
    return "RecordContact", id, "contacts", '{"channel":"' .. channels[math.random(1, 5)] ..
      '","direction":"inbound","reason":"order status","durationSeconds":120}'
  elseif r < 0.85 then
    return "RecordPurchase", id, "purchases", '{"lines":[{"sku":"TEA-42","quantity":' .. math.random(1, 3) ..
      ',"unitPrice":12.5,"category":"tea"}],"currency":"EUR","channel":"web"}'
  elseif r < 0.9 then
    return "OpenComplaint", id, "complaints",
      '{"category":"delivery","severity":"medium","channel":"email","description":"Parcel late"}'
  elseif r < 0.95 then
    return "GiveFeedback", id, "feedback", '{"kind":"csat","score":4,"channel":"web"}'
  end
  counter = counter + 1
  local fresh = "n-" .. run .. "-" .. counter
  return "RegisterCustomer", nil, nil, '{"customerId":"' .. fresh ..
    '","kind":"person","name":"Bench ' .. fresh .. '","city":"Lyon","country":"FR"}'
end
function request()
  if batch == 0 then
    local _, id, kind, body = pick()
    local path = id and ("/customers/" .. id .. "/" .. kind) or "/customers"
    return wrk.format("POST", path, nil, body)
  end
  local items = {}
  for i = 1, batch do
    local command, id, _, body = pick()
    local target = id and (',"customerId":"' .. id .. '"') or ""
    items[i] = '{"command":"' .. command .. '"' .. target .. ',"body":' .. body .. '}'
  end
  return wrk.format("POST", "/commands/batch", nil, '{"commands":[' .. table.concat(items, ",") .. ']}')
end
`;

export interface WrkResult {
  connections: number;
  threads: number;
  durationS: number;
  requests: number;
  requestsPerSecond: number;
  /** Answers outside 2xx/3xx and socket errors (connect, read, write, timeout). */
  non2xx: number;
  socketErrors: number;
  latencyMs: { p50: number; p75: number; p90: number; p99: number };
  /** wrk's own CPU (user + system) over the run, as a share of one core. */
  generatorCpuCores: number;
}

export function wrkAvailable(): boolean {
  try {
    execFileSync('wrk', ['--version'], { stdio: 'ignore' });
    return true;
  } catch (error) {
    // wrk --version exits 1 after printing its version; only a missing binary is ENOENT.
    return (error as NodeJS.ErrnoException).code !== 'ENOENT';
  }
}

let scriptFile: string | undefined;
function mixScript(): string {
  if (!scriptFile) {
    scriptFile = join(mkdtempSync(join(tmpdir(), 'ledger-wrk-')), 'mix.lua');
    writeFileSync(scriptFile, MIX_LUA);
  }
  return scriptFile;
}

export interface WrkOptions {
  url: string;
  connections: number;
  durationS: number;
  customers: number;
  runId: string;
  /** Commands per request (POST /commands/batch); 0 = one command per request. */
  batch?: number;
  threads?: number;
}

export function runWrk(options: WrkOptions): Promise<WrkResult> {
  const threads = Math.min(options.threads ?? 2, options.connections);
  const args = [
    `-t${threads}`,
    `-c${options.connections}`,
    `-d${options.durationS}s`,
    '--timeout',
    '30s',
    '--latency',
    '-H',
    'content-type: application/json',
    '-H',
    `x-api-key: ${KEYS.channel}`,
    '-s',
    mixScript(),
    options.url,
    '--',
    String(options.customers),
    options.runId,
    String(options.batch ?? 0),
  ];
  const quoted = args.map((a) => `'${a.replace(/'/g, `'\\''`)}'`).join(' ');
  // bash's `time` keyword reports the child's user and system CPU on stderr.
  const script = `TIMEFORMAT='CPU %3U %3S'; time wrk ${quoted}`;
  return new Promise((resolve, reject) => {
    execFile('bash', ['-c', script], { maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      if (error) return reject(new Error(`wrk failed: ${error.message}\n${stderr}`));
      try {
        resolve(parseWrk(stdout, stderr, options.connections, threads, options.durationS));
      } catch (parseError) {
        reject(parseError as Error);
      }
    });
  });
}

function toMs(value: string, unit: string): number {
  const n = Number(value);
  if (unit === 'us') return n / 1000;
  if (unit === 's') return n * 1000;
  if (unit === 'm') return n * 60_000;
  return n;
}

export function parseWrk(stdout: string, stderr: string, connections: number, threads: number, durationS: number) {
  const percentile = (p: number): number => {
    const match = new RegExp(`^\\s+${p}%\\s+([\\d.]+)(us|ms|s|m)\\s*$`, 'm').exec(stdout);
    if (!match) throw new Error(`wrk output has no ${p}% latency:\n${stdout}`);
    return Number(toMs(match[1], match[2]).toFixed(3));
  };
  const total = /(\d+) requests in ([\d.]+)(us|ms|s|m)/.exec(stdout);
  const cpu = /CPU ([\d.]+) ([\d.]+)/.exec(stderr);
  if (!total || !cpu) throw new Error(`unexpected wrk output:\n${stdout}\n${stderr}`);
  const elapsedS = toMs(total[2], total[3]) / 1000;
  const errors = /Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)/.exec(stdout);
  const non2xx = /Non-2xx or 3xx responses: (\d+)/.exec(stdout);
  return {
    connections,
    threads,
    durationS: elapsedS || durationS,
    requests: Number(total[1]),
    requestsPerSecond: Math.round(Number(total[1]) / (elapsedS || durationS)),
    non2xx: non2xx ? Number(non2xx[1]) : 0,
    socketErrors: errors ? errors.slice(1).reduce((sum, n) => sum + Number(n), 0) : 0,
    latencyMs: { p50: percentile(50), p75: percentile(75), p90: percentile(90), p99: percentile(99) },
    generatorCpuCores: Number(((Number(cpu[1]) + Number(cpu[2])) / (elapsedS || durationS)).toFixed(3)),
  };
}

// A synthetic shop export in the shape of the public Online Retail data set (invoice lines with
// InvoiceNo, StockCode, Description, Quantity, InvoiceDate, UnitPrice, CustomerID, Country), for
// import benchmarks larger than the real CDNOW log: by default 540,000 lines in about 25,000
// invoices of about 4,000 customers over two years, about 2% of invoices cancellations (`C`
// prefix, negative quantities). Seeded, so every run writes the same file; streamed to disk.
//   node -r ./tools/register-ts.cjs bench/generate-order-lines.ts --out=lines.csv [--rows=540000]
import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { parseArgs, numberOption } from './support/args';

export interface OrderLinesOptions {
  rows?: number;
  customers?: number;
  /** Mean lines per invoice; 540,000 / 21.5 ≈ 25,000 invoices. */
  meanLines?: number;
  seed?: number;
}

const PRODUCTS = 3000;
const COUNTRIES = ['United Kingdom', 'EIRE', 'France', 'Germany', 'Netherlands', 'Spain', 'Iran'];
const START = Date.UTC(2010, 11, 1);
const TWO_YEARS_MS = 730 * 24 * 3600 * 1000;

/** mulberry32: small, fast and good enough to shape a benchmark file. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Writes the file; resolves with the lines, invoices and customers written. */
export async function writeOrderLines(file: string, options: OrderLinesOptions = {}) {
  const rows = options.rows ?? 540_000;
  const customers = options.customers ?? 4000;
  const meanLines = options.meanLines ?? 21.5;
  const next = random(options.seed ?? 11);
  const invoices = Math.max(1, Math.round(rows / meanLines));
  const out = createWriteStream(file);
  const write = async (text: string) => {
    if (!out.write(text)) await once(out, 'drain');
  };
  await write('InvoiceNo,StockCode,Description,Quantity,InvoiceDate,UnitPrice,CustomerID,Country,Currency\n');
  const seen = new Set<number>();
  let written = 0;
  for (let invoice = 0; invoice < invoices && written < rows; invoice++) {
    // Skewed towards a core of frequent buyers, as real shops are.
    const customer = 10000 + Math.floor(customers * next() ** 2);
    seen.add(customer);
    const cancelled = next() < 0.02;
    const number = `${cancelled ? 'C' : ''}${536000 + invoice}`;
    const at = new Date(START + Math.floor((invoice / invoices) * TWO_YEARS_MS)).toISOString();
    const country = COUNTRIES[customer % COUNTRIES.length];
    const left = rows - written;
    const lines = invoice === invoices - 1 ? left : Math.min(left, 1 + Math.floor(next() * (2 * meanLines - 1)));
    const first = Math.floor(next() * PRODUCTS);
    let chunk = '';
    for (let line = 0; line < lines; line++) {
      const product = (first + line * 7) % PRODUCTS; // distinct SKUs within an invoice
      const quantity = (1 + Math.floor(next() * 12)) * (cancelled ? -1 : 1);
      const price = (0.29 + Math.floor(next() * 2000) / 100).toFixed(2);
      chunk += `${number},SKU${product},"Product ${product}, boxed",${quantity},${at},${price},${customer},${country},GBP\n`;
    }
    written += lines;
    await write(chunk);
  }
  out.end();
  await once(out, 'finish');
  return { rows: written, invoices, customers: seen.size };
}

if (require.main === module) {
  const args = parseArgs();
  const file = args.options.get('out');
  if (!file) {
    console.error('usage: generate-order-lines.ts --out=file.csv [--rows=540000] [--customers=4000]');
    process.exit(2);
  }
  writeOrderLines(file, {
    rows: numberOption(args, 'rows', 540_000),
    customers: numberOption(args, 'customers', 4000),
  }).then(
    (facts) => console.log(JSON.stringify(facts)),
    (error: Error) => {
      console.error(error);
      process.exit(1);
    },
  );
}

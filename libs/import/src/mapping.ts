// How a source row becomes field values: presets for the common shapes, or a JSON mapping file
// (column → field, templates, constants, date format, decimal separator, time zone).
import { readFileSync } from 'node:fs';

export const PRESETS = ['transactions', 'contacts', 'customers', 'campaign-touches'] as const;
/** The shapes of file the importer reads (sources.ts). Here, not there: the preparation thread loads this module, not the readers. */
export const SOURCE_FORMATS = ['csv', 'ndjson', 'whitespace'] as const;
export type SourceFormat = (typeof SOURCE_FORMATS)[number];
export type PresetName = (typeof PRESETS)[number];

export interface Mapping {
  preset: PresetName;
  format?: SourceFormat;
  /** Column names when the file has no header line. */
  columns?: string[];
  header?: boolean;
  /** CSV separator (one character: `;`, `\t`, `|`…); `,` or `;`, sniffed from the first line, when absent. */
  delimiter?: string;
  /** field → column name, or a template naming columns in braces: `"{customer_id}-{date}"`. */
  fields?: Record<string, string>;
  /** field → fixed value for every row, e.g. `{ "currency": "GBP", "channel": "web" }`. */
  constants?: Record<string, string>;
  /** `iso` (default), or a pattern of YYYY MM M DD D HH H mm ss, e.g. `DD/MM/YYYY HH:mm`, `YYYYMMDD`. */
  dateFormat?: string;
  decimalSeparator?: '.' | ',';
  /** For dates without an offset: `UTC` (default) or a fixed offset such as `+03:30`. */
  timezone?: string;
  /** Register customers a row names but the CRM does not know (default: yes, except the customers preset). */
  createCustomers?: boolean;
}

/** Column names each field is looked for under when the mapping does not name one (case and spaces ignored). */
const ALIASES: Record<string, string[]> = {
  customer: ['customer_id', 'customerid', 'customer', 'client_id'],
  order: ['order_id', 'orderid', 'invoice', 'invoiceno', 'invoice_no', 'order'],
  date: ['occurred_at', 'date', 'invoicedate', 'invoice_date', 'datetime', 'timestamp'],
  sku: ['sku', 'stockcode', 'stock_code', 'product_id'],
  description: ['description', 'product', 'product_name'],
  category: ['category', 'product_category'],
  quantity: ['quantity', 'qty'],
  unitPrice: ['unit_price', 'unitprice', 'price'],
  lineTotal: ['line_total', 'amount', 'total'],
  currency: ['currency'],
  country: ['country'],
  channel: ['channel'],
  direction: ['direction'],
  reason: ['reason', 'topic', 'subject'],
  agent: ['agent', 'agent_id'],
  campaign: ['campaign', 'campaign_id'],
  outcome: ['outcome', 'result'],
  duration: ['duration', 'duration_seconds'],
  id: ['customer_id', 'customerid', 'id'],
  kind: ['kind', 'type'],
  name: ['name', 'full_name'],
  email: ['email', 'e-mail'],
  phone: ['phone', 'telephone'],
  birthDate: ['birth_date', 'birthdate', 'date_of_birth'],
  gender: ['gender'],
  city: ['city'],
};

const squash = (name: string): string => name.toLowerCase().replace(/[\s_-]+/g, '');
/** Each field's aliases as squash() makes them: what a column's squashed name is compared with. */
const ALIAS_KEYS: Record<string, string[]> = Object.fromEntries(
  Object.entries(ALIASES).map(([field, names]) => [field, names.map((name) => squash(name))]),
);

/**
 * Column names as squash() makes them, computed once per name: a field the file does not have is
 * looked for again on every row (NDJSON keys vary), which squashed every column name every time.
 * Bounded, since an NDJSON file may bring any number of names.
 */
const squashedNames = new Map<string, string>();
function squashedName(name: string): string {
  let squashed = squashedNames.get(name);
  if (squashed === undefined) {
    if (squashedNames.size >= 10_000) squashedNames.clear();
    squashedNames.set(name, (squashed = squash(name)));
  }
  return squashed;
}

/** The fields each preset reads (country: a customer the import registers, see row-unit-mapper). */
export const PRESET_FIELDS: Record<PresetName, readonly string[]> = {
  transactions: [
    'customer',
    'order',
    'date',
    'sku',
    'description',
    'category',
    'quantity',
    'unitPrice',
    'lineTotal',
    'currency',
    'country',
    'channel',
  ],
  contacts: [
    'customer',
    'date',
    'channel',
    'direction',
    'reason',
    'agent',
    'campaign',
    'outcome',
    'duration',
    'country',
  ],
  customers: ['id', 'kind', 'name', 'email', 'phone', 'birthDate', 'gender', 'city', 'country', 'date'],
  'campaign-touches': ['customer', 'campaign', 'channel', 'date', 'country'],
};

/** The fields without which no row of a preset can be imported; an inner list: one of them will do. */
const REQUIRED: Record<PresetName, readonly (string | readonly string[])[]> = {
  transactions: ['customer', 'order', 'date', 'sku', 'quantity', ['unitPrice', 'lineTotal']],
  contacts: ['customer', 'date', 'channel', 'reason'],
  customers: ['id', 'name'],
  'campaign-touches': ['customer', 'campaign', 'channel', 'date'],
};

/** A mapping file, or a source file's columns, that cannot be imported: said before anything is written. */
export class MappingProblem extends Error {}

const SETTINGS = new Set([
  'preset',
  'format',
  'columns',
  'header',
  'delimiter',
  'fields',
  'constants',
  'dateFormat',
  'decimalSeparator',
  'timezone',
  'createCustomers',
]);

export function loadMapping(file: string): Mapping {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new MappingProblem(`mapping file '${file}' cannot be read: ${(error as Error).message}`);
  }
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    throw new MappingProblem(`mapping file '${file}' is not JSON: ${(error as Error).message}`);
  }
  const problem = mappingProblem(value);
  if (problem) throw new MappingProblem(`mapping file '${file}': ${problem}`);
  return value as Mapping;
}

/** What is wrong with a mapping, naming the setting; null when nothing is. */
function mappingProblem(value: unknown): string | null {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return 'must be a JSON object';
  const mapping = value as Record<string, unknown>;
  // `$schema`, `_comment` and the like are notes for people and editors, not settings.
  const unknown = Object.keys(mapping).filter((key) => !SETTINGS.has(key) && !/^[$_]/.test(key));
  if (unknown.length > 0)
    return `unknown ${unknown.map((key) => `"${key}"`).join(', ')} (settings: ${[...SETTINGS].join(', ')})`;
  const preset = mapping['preset'] as PresetName;
  if (!PRESETS.includes(preset)) return `"preset" must be one of ${PRESETS.join(', ')}`;
  const oneOf = (key: string, allowed: readonly unknown[]) =>
    mapping[key] === undefined || allowed.includes(mapping[key])
      ? null
      : `"${key}" must be one of ${allowed.map((v) => JSON.stringify(v)).join(', ')}`;
  const columns = mapping['columns'];
  if (columns !== undefined && (!Array.isArray(columns) || !columns.every((c) => typeof c === 'string' && c !== '')))
    return '"columns" must be a list of column names';
  const dateFormat = mapping['dateFormat'];
  if (dateFormat !== undefined && dateFormat !== 'iso' && (typeof dateFormat !== 'string' || !/YYYY/.test(dateFormat)))
    return '"dateFormat" must be "iso" or a pattern with YYYY, MM or M, DD or D (and HH, mm, ss), e.g. "DD/MM/YYYY HH:mm"';
  if (mapping['timezone'] !== undefined && zoneOffset(String(mapping['timezone'])) === null)
    return '"timezone" must be UTC or a fixed offset such as +03:30';
  const delimiter = mapping['delimiter'];
  if (delimiter !== undefined && (typeof delimiter !== 'string' || !/^[^"\r\n]$/u.test(delimiter)))
    return '"delimiter" must be one character (not a quote or a line break), such as ";" or "\\t"';
  for (const key of ['fields', 'constants']) {
    const problem = fieldsProblem(key, mapping[key], preset);
    if (problem) return problem;
  }
  return (
    oneOf('format', SOURCE_FORMATS) ??
    oneOf('header', [true, false]) ??
    oneOf('decimalSeparator', ['.', ',']) ??
    oneOf('createCustomers', [true, false])
  );
}

function fieldsProblem(key: string, value: unknown, preset: PresetName): string | null {
  if (value === undefined) return null;
  if (value === null || typeof value !== 'object' || Array.isArray(value))
    return `"${key}" must be an object of field: ${key === 'fields' ? 'column' : 'value'}`;
  const known = PRESET_FIELDS[preset];
  for (const [field, text] of Object.entries(value)) {
    if (!known.includes(field))
      return `"${key}.${field}": the ${preset} preset has no field ${field} (its fields: ${known.join(', ')})`;
    if (typeof text !== 'string') return `"${key}.${field}" must be a string`;
  }
  return null;
}

/**
 * The fields a preset needs that a file with these columns cannot give, each said with where it
 * was looked for: the mapping's column or template, or the common names. Empty when every row can
 * be read (it may still be rejected for its values).
 */
export function missingFields(mapping: Mapping, columns: readonly string[]): string[] {
  const has = new Set(columns);
  const squashed = new Set(columns.map(squash));
  const lacks = (field: string): string | null => {
    if (mapping.constants?.[field] !== undefined) return null;
    const named = mapping.fields?.[field];
    if (named !== undefined) {
      const wanted = named.includes('{') ? [...named.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]) : [named];
      const absent = wanted.filter((column) => !has.has(column));
      return absent.length === 0 ? null : `${field} (the mapping names ${absent.map((c) => `'${c}'`).join(', ')})`;
    }
    const found = (ALIAS_KEYS[field] ?? [squash(field)]).some((alias) => squashed.has(alias));
    return found ? null : `${field} (looked for ${(ALIASES[field] ?? [field]).join(', ')})`;
  };
  const missing: string[] = [];
  for (const need of REQUIRED[mapping.preset]) {
    const alternatives = typeof need === 'string' ? [need] : need;
    const reasons = alternatives.map(lacks);
    if (reasons.every((reason) => reason !== null)) missing.push(reasons.join(' or '));
  }
  return missing;
}

/**
 * Columns a file names more than once that a field reads: only one of them would be read (the
 * last, as parsers keep it), silently. A column no field reads may repeat.
 */
export function repeatedColumns(mapping: Mapping, columns: readonly string[]): string[] {
  const seen = new Set<string>();
  const repeated = new Set<string>();
  for (const column of columns) (seen.has(column) ? repeated : seen).add(column);
  const reads = (field: string, column: string): boolean => {
    if (mapping.constants?.[field] !== undefined) return false;
    const named = mapping.fields?.[field];
    if (named === undefined) return (ALIAS_KEYS[field] ?? [squash(field)]).includes(squash(column));
    return named === column || named.includes(`{${column}}`);
  };
  return [...repeated].filter((column) => PRESET_FIELDS[mapping.preset].some((field) => reads(field, column)));
}

/** Reads one field of a row: constant, template, named column, or a column found by alias. */
export function fieldOf(mapping: Mapping, fields: Record<string, string>, field: string): string | undefined {
  const constant = mapping.constants?.[field];
  if (constant !== undefined) return constant;
  const named = mapping.fields?.[field];
  if (named !== undefined) {
    if (named.includes('{')) return named.replace(/\{([^}]+)\}/g, (_, column: string) => valueOf(fields, column) ?? '');
    return blankToUndefined(valueOf(fields, named));
  }
  const column = columnFor(mapping, fields, field);
  return column === undefined ? undefined : blankToUndefined(fields[column]);
}

/**
 * A column's value, if the row has that column: a row is a plain object, and a column it lacks
 * named `toString` or `constructor` (an NDJSON row names its own) read Object's function.
 */
const valueOf = (fields: Record<string, string>, column: string): string | undefined =>
  Object.hasOwn(fields, column) ? fields[column] : undefined;

/** The column found for a field, per mapping: found once, re-checked on every row (NDJSON keys vary). */
const columns = new WeakMap<Mapping, Map<string, string>>();

function columnFor(mapping: Mapping, fields: Record<string, string>, field: string): string | undefined {
  let known = columns.get(mapping);
  if (!known) columns.set(mapping, (known = new Map()));
  const cached = known.get(field);
  if (cached !== undefined && cached in fields) return cached;
  const aliases = ALIAS_KEYS[field] ?? [squash(field)];
  const found = Object.keys(fields).find((name) => aliases.includes(squashedName(name)));
  if (found !== undefined) known.set(field, found);
  return found;
}

const blankToUndefined = (value: string | undefined): string | undefined =>
  value === undefined || value.trim() === '' ? undefined : value.trim();

export class RowProblem extends Error {
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field}: ${reason}`);
  }
}

/**
 * Numbers as each decimal separator writes them: the other one only between groups of three digits
 * (`1,234.5`, `1.234,5`), so that `1,5` or `1.000,00` in a file said to use `.` is refused, not read
 * as 15 or 1; an exponent as JSON writes one (`1e-7`).
 */
const NUMBERS = {
  '.': { pattern: /^-?(\d+|\d{1,3}(,\d{3})+)(\.\d+)?(e[+-]?\d+)?$/i, other: ',' },
  ',': { pattern: /^-?(\d+|\d{1,3}(\.\d{3})+)(,\d+)?(e[+-]?\d+)?$/i, other: '.' },
} as const;

export function numberOf(mapping: Mapping, raw: string | undefined, field: string): number | undefined {
  if (raw === undefined) return undefined;
  const separator = mapping.decimalSeparator ?? '.';
  const { pattern, other } = NUMBERS[separator];
  const text = raw.trim();
  if (!pattern.test(text)) {
    const hint = text.includes(other)
      ? ` with '${separator}' as its decimal separator` +
        (mapping.decimalSeparator ? '' : ` (a mapping's "decimalSeparator": "," reads 1.234,5)`)
      : '';
    throw new RowProblem(field, `'${raw}' is not a number${hint}`);
  }
  const value = Number(text.split(other).join('').replace(',', '.'));
  if (!Number.isFinite(value)) throw new RowProblem(field, `'${raw}' is too large a number`);
  return value;
}

/**
 * Instants read so far, per mapping (its format and zone) and text: an export's rows share few
 * dates (CDNOW: 69,659 rows, 546 days), and reading one was a third of mapping a row. Bounded.
 */
const instants = new WeakMap<Mapping, Map<string, string>>();

/** A business time as an ISO instant, by the mapping's date format and time zone. */
export function instantOf(mapping: Mapping, raw: string | undefined, field: string): string | undefined {
  if (raw === undefined) return undefined;
  let known = instants.get(mapping);
  if (!known) instants.set(mapping, (known = new Map()));
  let instant = known.get(raw);
  if (instant === undefined) {
    instant = readInstant(mapping, raw, field);
    if (known.size >= 10_000) known.clear();
    known.set(raw, instant);
  }
  return instant;
}

function readInstant(mapping: Mapping, raw: string, field: string): string {
  const format = mapping.dateFormat ?? 'iso';
  const offset = zoneOffset(mapping.timezone);
  // loadMapping refuses such a zone; a mapping built in code is refused at its first date.
  if (offset === null)
    throw new MappingProblem(`timezone must be UTC or a fixed offset such as +03:30, got '${mapping.timezone}'`);
  let iso: string;
  if (format === 'iso') {
    const text = raw.trim().replace(' ', 'T');
    iso = /(Z|[+-]\d{2}:?\d{2})$/.test(text) ? text : /T/.test(text) ? `${text}${offset}` : `${text}T00:00:00${offset}`;
  } else {
    const parts = partsOf(format, raw.trim());
    if (!parts) throw new RowProblem(field, `'${raw}' does not match the date format ${format}`);
    const { Y, M, D, h = '0', m = '0', s = '0' } = parts;
    iso = `${Y}-${pad(M)}-${pad(D)}T${pad(h)}:${pad(m)}:${pad(s)}${offset}`;
  }
  const date = new Date(iso);
  if (Number.isNaN(date.getTime()) || !realCalendarDate(iso)) {
    // A date written otherwise (20260131, 1/31/2026, Jan 31 2026) is not said to be unreal, but how to read it.
    if (format === 'iso' && !ISO_SHAPE.test(raw.trim()))
      throw new RowProblem(
        field,
        `'${raw}' is not an ISO date such as 2026-01-31 or 2026-01-31T09:30:00Z (for another format, a mapping's "dateFormat")`,
      );
    throw new RowProblem(field, `'${raw}' is not a real date`);
  }
  return date.toISOString();
}

const ISO_SHAPE = /^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?)?(Z|[+-]\d{2}:?\d{2})?$/;

const pad = (value: string): string => value.padStart(2, '0');

function realCalendarDate(iso: string): boolean {
  const [y, m, d] = iso.slice(0, 10).split('-').map(Number);
  const check = new Date(Date.UTC(y, m - 1, d));
  return check.getUTCFullYear() === y && check.getUTCMonth() === m - 1 && check.getUTCDate() === d;
}

/** The ISO offset of a mapping's time zone (UTC by default); null for one that is not UTC or a fixed offset. */
function zoneOffset(zone: string | undefined): string | null {
  if (zone === undefined || zone === 'UTC' || zone === 'Z') return 'Z';
  return /^[+-]\d{2}:\d{2}$/.test(zone) ? zone : null;
}

const TOKENS: Record<string, [string, string]> = {
  YYYY: ['Y', '(\\d{4})'],
  MM: ['M', '(\\d{2})'],
  M: ['M', '(\\d{1,2})'],
  DD: ['D', '(\\d{2})'],
  D: ['D', '(\\d{1,2})'],
  HH: ['h', '(\\d{2})'],
  H: ['h', '(\\d{1,2})'],
  mm: ['m', '(\\d{2})'],
  ss: ['s', '(\\d{2})'],
};
const patterns = new Map<string, { regex: RegExp; names: string[] }>();

function partsOf(format: string, value: string): Record<string, string> | null {
  let compiled = patterns.get(format);
  if (!compiled) {
    const names: string[] = [];
    const source = format.replace(/YYYY|MM|M|DD|D|HH|H|mm|ss|[.*+?^${}()|[\]\\/]/g, (token) => {
      const known = TOKENS[token];
      if (!known) return `\\${token}`;
      names.push(known[0]);
      return known[1];
    });
    compiled = { regex: new RegExp(`^${source}$`), names };
    patterns.set(format, compiled);
  }
  const match = compiled.regex.exec(value);
  if (!match) return null;
  return Object.fromEntries(compiled.names.map((name, i) => [name, match[i + 1]]));
}

// The one CSV writer: RFC 4180 fields, and text cells neutralised against formula injection.
// A spreadsheet opening an export runs a cell that starts with =, +, -, @ (or a tab or carriage
// return ahead of one) as a formula, so a customer's "=HYPERLINK(…)" written into a complaint
// would act on the auditor's machine. Such a text cell gets a leading apostrophe, which
// spreadsheets show as text and do not display. Numbers are written as they are: -12.5 is data
// this code wrote, not text someone typed.

/** Characters that make a spreadsheet read a cell as a formula (OWASP CSV injection). */
const FORMULA_START = /^[=+\-@\t\r]/;

/** A text cell that a spreadsheet would not run as a formula. */
export function neutralised(text: string): string {
  return FORMULA_START.test(text) ? `'${text}` : text;
}

/** One field: empty for null/undefined, JSON for objects, text neutralised, quoted when needed. */
export function csvCell(value: unknown): string {
  if (value === null || value === undefined) return '';
  const text =
    typeof value === 'string' ? neutralised(value) : typeof value === 'object' ? JSON.stringify(value) : String(value);
  // RFC 4180: quote a field holding a comma, quote or line break, doubling inner quotes.
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated as RFC 4180 asks. */
export const csvRow = (values: readonly unknown[]): string => `${values.map(csvCell).join(',')}\r\n`;

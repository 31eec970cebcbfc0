// The one ordering of stored values every adapter agrees on, modelled on MongoDB's: values of
// different types never compare as equal, and strings order by code point (Mongo compares
// UTF-8 bytes; JavaScript's `<` compares UTF-16 units, which differs for astral characters).

/** Type brackets in MongoDB's sort order; null and a missing field sort together, first. */
const enum Bracket {
  Null = 0,
  Number = 1,
  String = 2,
  Object = 3,
  Array = 4,
  Boolean = 5,
}

function bracketOf(value: unknown): Bracket {
  if (value === null || value === undefined) return Bracket.Null;
  switch (typeof value) {
    case 'number':
      return Bracket.Number;
    case 'string':
      return Bracket.String;
    case 'boolean':
      return Bracket.Boolean;
    default:
      return Array.isArray(value) ? Bracket.Array : Bracket.Object;
  }
}

/** Orders strings by Unicode code point (= UTF-8 byte order, = SQLite BINARY, = MongoDB). */
export function compareStrings(a: string, b: string): number {
  if (a === b) return 0;
  const length = Math.min(a.length, b.length);
  for (let i = 0; i < length; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    // Surrogates (U+D800–DFFF) encode code points above U+FFFF, so they must sort after
    // U+E000–FFFF: shift both ranges into code-point order before comparing.
    if (x >= 0xd800 && y >= 0xd800) {
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/**
 * Total order over JSON values for sorting. Numbers, strings and booleans compare within
 * their type; objects and arrays only get a deterministic order (by their JSON text), which
 * is not MongoDB's and so not part of the contract.
 */
export function compareValues(a: unknown, b: unknown): number {
  const bracket = bracketOf(a);
  const other = bracketOf(b);
  if (bracket !== other) return bracket - other;
  switch (bracket) {
    case Bracket.Null:
      return 0;
    case Bracket.Number:
      return (a as number) < (b as number) ? -1 : (a as number) > (b as number) ? 1 : 0;
    case Bracket.String:
      return compareStrings(a as string, b as string);
    case Bracket.Boolean:
      return Number(a) - Number(b);
    default:
      return compareStrings(JSON.stringify(a), JSON.stringify(b));
  }
}

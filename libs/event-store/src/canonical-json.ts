// The one canonical JSON of the code base. Two hashes stored for ever are taken over it: each
// event's chain hash (hash-chain.ts) and each command's request hash (libs/commands ids.ts), so
// its output must never change; canonical-json.spec.ts pins it with golden vectors and with a
// stream written by the two functions this module replaced.
//
// The rules are JSON.stringify's, with object keys sorted at every depth (by UTF-16 code unit, as
// Array#sort does): undefined and function members are dropped, the same values in an array (and
// at the top) are written as null, non-finite numbers as null, -0 as 0, a Date as {} (own
// enumerable keys only, toJSON is not called); unlike JSON.stringify, a symbol member is written
// as null, as the hash chain always did. So the in-memory event being appended and the
// same event parsed back from storage serialise alike. Written as loops: it runs on every command
// and every append.

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) {
    let out = '[';
    for (let i = 0; i < value.length; i++) out += (i === 0 ? '' : ',') + canonicalJson(value[i]);
    return out + ']';
  }
  const record = value as Record<string, unknown>;
  const keys = Object.keys(record).sort();
  let out = '{';
  let first = true;
  for (const key of keys) {
    const member = record[key];
    if (member === undefined || typeof member === 'function') continue;
    out += `${first ? '' : ','}${JSON.stringify(key)}:${canonicalJson(member)}`;
    first = false;
  }
  return out + '}';
}

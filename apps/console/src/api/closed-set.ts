// A closed set the console spells itself because the server module that owns the list is not
// one the bundle may carry: `allOf<T>()([...])` compiles only when the list names every member
// of the server's union T and nothing else, so the two cannot drift.
export const allOf =
  <T extends string>() =>
  <const L extends readonly T[]>(
    list: L & ([T] extends [L[number]] ? unknown : { missing: Exclude<T, L[number]> }),
  ): L =>
    list;

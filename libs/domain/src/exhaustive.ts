// The end of a switch over a union that must handle every member (events, commands): the call
// only compiles when nothing is left, so adding an event type fails the build at every switch
// that has not decided what to do with it. Reaching it at run time means a value slipped past
// the types (a cast), which is a bug, never data to skip quietly.

/**
 * Fails the build when `value` can still be something; throws if it is reached anyway. Pass the
 * event, or its `type` when the union has a single member (TypeScript narrows a lone object
 * type by its discriminant only as far as the discriminant itself).
 */
export function assertNever(value: never): never {
  const unknown = value as unknown;
  const type =
    typeof unknown === 'string'
      ? unknown
      : typeof unknown === 'object' && unknown !== null && 'type' in unknown
        ? String(unknown.type)
        : typeof unknown;
  // Only the discriminant goes into the message: an event's data may hold decrypted personal data.
  throw new Error(`unhandled case: ${type}`);
}

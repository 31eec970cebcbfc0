// A request refused before it reaches a controller (its body or its framing, not its fields).
// The errors filter answers it with its own status, code and field.
export class RefusedRequest extends Error {
  constructor(
    readonly statusCode: number,
    readonly code: string,
    message: string,
    readonly field: string,
  ) {
    super(message);
    this.name = 'RefusedRequest';
  }
}

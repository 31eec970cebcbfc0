// Every failed API call becomes one ApiError: the HTTP status and the API's own code, message,
// field and per-field problems, so screens can show the message on the field it names.
import type { FieldProblem } from '@ledger/domain';
import type { ErrorBody } from '@ledger/http/api';

export type { FieldProblem } from '@ledger/domain';

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly field?: string,
    readonly problems: FieldProblem[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** The message for one form field (the API's words), if the API named it. */
  problemFor(field: string): string | undefined {
    const problem = this.problems.find((p) => p.field === field || p.field.startsWith(`${field}.`));
    if (problem) return problem.reason;
    return this.field === field ? this.message : undefined;
  }

  get unauthenticated(): boolean {
    return this.status === 401;
  }

  get forbidden(): boolean {
    return this.status === 403;
  }

  /** 409: the customer's stream moved on since the form was opened (If-Match). */
  get conflict(): boolean {
    return this.status === 409;
  }
}

/** Builds an ApiError from a non-2xx response, whatever its body is. */
export async function errorFrom(response: Response): Promise<ApiError> {
  // The API's error body, or whatever a proxy in between answered: every field is checked.
  let body: { [K in keyof ErrorBody]?: unknown } = {};
  try {
    body = (await response.json()) as typeof body;
  } catch {
    // Not JSON (a proxy's HTML page): the status text is all there is.
  }
  const problems = Array.isArray(body.problems) ? (body.problems as FieldProblem[]) : [];
  return new ApiError(
    response.status,
    typeof body.code === 'string' ? body.code : `HTTP_${response.status}`,
    typeof body.message === 'string' ? body.message : response.statusText || `HTTP ${response.status}`,
    typeof body.field === 'string' ? body.field : undefined,
    problems,
  );
}

/** A network failure (server down, connection reset) as an ApiError with status 0. */
export function networkError(error: unknown): ApiError {
  return new ApiError(0, 'NETWORK', error instanceof Error ? error.message : String(error));
}

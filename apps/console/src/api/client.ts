// The one typed client of the Ledger API: same origin, an API key or a person's session cookie
// (with its CSRF token on changes), errors parsed into ApiError. Commands carry an Idempotency-Key (one per form submission) and If-Match;
// reads can wait for a position (read-your-writes) with minPosition.
import { errorFrom, networkError } from './errors';
import { session } from './session';
import type { CommandResult } from '@ledger/commands/api';

export type Query = Record<string, string | number | boolean | null | undefined>;

/** What every command answers: the stream's new revision and the position to read at. */
export type { CommandResult } from '@ledger/commands/api';

export interface CommandOptions {
  /** One key per form submission: a double click or a retry writes once. */
  idempotencyKey: string;
  /** The stream revision the agent was looking at; a 409 says the customer changed meanwhile. */
  ifMatch?: number;
  /** POST unless the endpoint replaces a value (PATCH roles, PUT a password). */
  method?: 'POST' | 'PATCH' | 'PUT';
}

export function withQuery(path: string, query: Query = {}): string {
  const params = new URLSearchParams();
  for (const [name, value] of Object.entries(query)) {
    if (value !== undefined && value !== null && value !== '') params.set(name, String(value));
  }
  const text = params.toString();
  return text ? `${path}?${text}` : path;
}

async function send<T>(
  method: string,
  path: string,
  init: { body?: unknown; headers?: Record<string, string>; apiKey?: string; signal?: AbortSignal } = {},
): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
  const apiKey = init.apiKey ?? session.apiKey();
  if (apiKey) headers['x-api-key'] = apiKey;
  const csrf = session.csrfToken();
  if (!apiKey && csrf && method !== 'GET') headers['x-csrf-token'] = csrf;
  if (init.body !== undefined) headers['content-type'] = 'application/json';
  let response: Response;
  try {
    response = await fetch(path, {
      method,
      headers,
      body: init.body === undefined ? undefined : JSON.stringify(init.body),
      signal: init.signal,
      // A person's session is the HTTP-only cookie; a key needs none (the API ignores it then).
      credentials: apiKey ? 'omit' : 'same-origin',
    });
  } catch (error) {
    if (error instanceof DOMException && error.name === 'AbortError') throw error;
    throw networkError(error);
  }
  if (!response.ok) throw await errorFrom(response);
  if (response.status === 204) return undefined as T;
  return (await response.json()) as T;
}

export const api = {
  /** A read; `minPosition` (from a command result) waits until the read models include it. */
  get<T>(path: string, query: Query = {}, options: { signal?: AbortSignal; apiKey?: string } = {}): Promise<T> {
    return send<T>('GET', withQuery(path, query), options);
  },

  /** A POST that is not a command (signing in and out). */
  post<T>(path: string, body: unknown = {}): Promise<T> {
    return send<T>('POST', path, { body });
  },

  /** A command: POST with its idempotency key and, when given, the revision it is based on. */
  command<T = CommandResult>(path: string, body: unknown, options: CommandOptions): Promise<T> {
    const headers: Record<string, string> = { 'idempotency-key': options.idempotencyKey };
    if (options.ifMatch !== undefined) headers['if-match'] = `"${options.ifMatch}"`;
    return send<T>(options.method ?? 'POST', path, { body, headers });
  },

  /** DELETE of an admin's own record (a webhook subscription). */
  delete(path: string): Promise<void> {
    return send<void>('DELETE', path);
  },
};

/** A fresh idempotency key: made when a form opens or after it succeeded, reused by retries. */
export function newIdempotencyKey(): string {
  // getRandomValues works outside secure contexts too (randomUUID does not).
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `console-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

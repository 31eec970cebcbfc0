// What the HTTP layer tells its clients: the error body every 4xx/5xx has, the roles, their
// permissions and the "who am I" answer. Types only and free of NestJS, so the console imports them
// (`@ledger/http/api`, erased from its bundle) instead of keeping copies that drift.
import type { FieldProblem } from '@ledger/domain';

/** Every error answer: the status, a stable code, the message, and the field(s) at fault. */
export interface ErrorBody {
  statusCode: number;
  error: string;
  code: string;
  message: string;
  field?: string;
  problems?: FieldProblem[];
}

export type Permission = 'write' | 'read:customer' | 'read:analytics' | 'read:audit' | 'admin';
export type RoleName = 'channel' | 'agent' | 'analyst' | 'auditor' | 'admin';

/** GET /auth/me: the caller's roles and permissions; the key itself is never echoed. */
export interface WhoAmI {
  /** The first of `roles` (older readers show one role). */
  role: RoleName;
  roles: RoleName[];
  actor: string;
  permissions: Permission[];
  /** A signed-in person (absent for an API key). */
  user?: { userId: string; name: string | null };
  /** A session's CSRF token (absent for an API key). */
  csrfToken?: string;
}

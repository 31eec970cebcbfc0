// Password hashing with Argon2id (@node-rs/argon2). The parameters are OWASP's recommended
// minimum for Argon2id (19 MiB, 2 passes, 1 lane); a hash records its own parameters, so raising
// them later still verifies older hashes.
import { hash, verify, Algorithm } from '@node-rs/argon2';
import { ValidationFailed } from '@ledger/domain';

const PARAMETERS = { algorithm: Algorithm.Argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 } as const;

export const MIN_PASSWORD_LENGTH = 12;
export const MAX_PASSWORD_LENGTH = 256;

/** Length is what makes a password strong; composition rules only make it predictable. */
export function checkPassword(password: unknown, field = 'password'): string {
  if (typeof password !== 'string') throw new ValidationFailed([{ field, reason: `${field} must be a string` }]);
  const length = [...password].length;
  if (length < MIN_PASSWORD_LENGTH || length > MAX_PASSWORD_LENGTH) {
    throw new ValidationFailed([
      { field, reason: `${field} must be ${MIN_PASSWORD_LENGTH}-${MAX_PASSWORD_LENGTH} characters` },
    ]);
  }
  return password;
}

export const hashPassword = (password: string): Promise<string> => hash(password, PARAMETERS);

/** False for a malformed stored hash too: a damaged credential never signs anyone in. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  try {
    return await verify(stored, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;
/**
 * A hash of nothing anyone knows, verified when the email is unknown, so an unknown user costs
 * the same Argon2 work as a wrong password and the two cannot be told apart by timing.
 */
export function dummyHash(): Promise<string> {
  dummy ??= hashPassword(`no such user ${Math.random()}`);
  return dummy;
}

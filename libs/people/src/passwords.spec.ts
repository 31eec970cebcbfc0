import { ValidationFailed } from '@ledger/domain';
import { checkPassword, dummyHash, hashPassword, verifyPassword } from './passwords';

describe('passwords', () => {
  it('hashes with Argon2id at no less than the OWASP minimum, and verifies', async () => {
    const stored = await hashPassword('correct horse battery staple');
    expect(stored).toMatch(/^\$argon2id\$v=19\$m=19456,t=2,p=1\$/);
    expect(await verifyPassword(stored, 'correct horse battery staple')).toBe(true);
    expect(await verifyPassword(stored, 'correct horse battery stapler')).toBe(false);
  });

  it('never matches the dummy hash or a damaged one', async () => {
    expect(await verifyPassword(await dummyHash(), '')).toBe(false);
    expect(await verifyPassword('$argon2id$garbage', 'anything at all')).toBe(false);
  });

  it('takes 12-256 characters, counted as characters, not bytes', () => {
    expect(checkPassword('دوازده حرف فارسی')).toBe('دوازده حرف فارسی');
    expect(() => checkPassword('short')).toThrow(ValidationFailed);
    expect(() => checkPassword('x'.repeat(257))).toThrow(ValidationFailed);
    expect(() => checkPassword(12345678901234)).toThrow(ValidationFailed);
  });
});

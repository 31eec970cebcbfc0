import { randomBytes } from 'node:crypto';
import { ENCRYPTED_PREFIX, decryptValue, encryptValue } from './field-cipher';

const ivOf = (tagged: string) => Buffer.from(tagged.slice(ENCRYPTED_PREFIX.length), 'base64').subarray(0, 12);

describe('field cipher', () => {
  const key = randomBytes(32);

  it('never hands out the same IV twice, across refills of its random pool', () => {
    const tagged = Array.from({ length: 3000 }, () => encryptValue('same value', key, 'ada/name'));
    expect(new Set(tagged.map((t) => ivOf(t).toString('hex'))).size).toBe(3000);
    expect(tagged.every((t) => decryptValue(t, key, 'ada/name') === 'same value')).toBe(true);
  });

  it('keeps the value type and refuses another field or a tampered ciphertext', () => {
    const tagged = encryptValue({ street: 'Rue X', floor: 3 }, key, 'ada/address');
    expect(decryptValue(tagged, key, 'ada/address')).toEqual({ street: 'Rue X', floor: 3 });
    expect(() => decryptValue(tagged, key, 'ada/city')).toThrow();
    const bytes = Buffer.from(tagged.slice(ENCRYPTED_PREFIX.length), 'base64');
    bytes[bytes.length - 1] ^= 1;
    expect(() => decryptValue(ENCRYPTED_PREFIX + bytes.toString('base64'), key, 'ada/address')).toThrow();
  });
});

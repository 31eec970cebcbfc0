// The pick lists come from the domain itself; the few spelt in the console are held to the
// server's unions by the compiler (allOf), and here to the domain's order, which the forms show.
import { STAFF_ROLES as DOMAIN_STAFF_ROLES } from '@ledger/domain';
import { ID_PATTERN, STAFF_ROLES } from './vocabulary';

describe('console vocabulary', () => {
  it('offers the roles a person of the directory may hold, in the domain order', () => {
    expect([...STAFF_ROLES]).toEqual([...DOMAIN_STAFF_ROLES]);
  });

  it('checks ids as the API does', () => {
    for (const good of ['c-1001', 'order.5531', 'A:b_c-d']) expect(ID_PATTERN.test(good)).toBe(true);
    for (const bad of ['', '-lead', 'has space', 'x'.repeat(65)]) expect(ID_PATTERN.test(bad)).toBe(false);
  });
});

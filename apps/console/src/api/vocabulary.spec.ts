// The console's pick lists must be the API's: a drift would let a form send what the API
// refuses, or hide a value it accepts.
// eslint-disable-next-line @nx/enforce-module-boundaries -- only this drift check reads the domain; the console never ships it
import * as domain from '../../../../libs/domain/src/vocabulary';
// eslint-disable-next-line @nx/enforce-module-boundaries -- as above: the drift check only
import { STAFF_ROLES } from '../../../../libs/domain/src/user.events';
import * as mirrored from './vocabulary';

describe('console vocabulary', () => {
  it.each([
    'CONTACT_CHANNELS',
    'DIRECTIONS',
    'CONSENT_PURPOSES',
    'SEVERITIES',
    'CONTACT_OUTCOMES',
    'FEEDBACK_KINDS',
  ] as const)('%s matches the domain', (name) => {
    expect([...mirrored[name]]).toEqual([...domain[name]]);
  });

  it('offers the roles a person of the directory may hold', () => {
    expect([...mirrored.STAFF_ROLES]).toEqual([...STAFF_ROLES]);
  });

  it('checks ids as the API does', () => {
    for (const good of ['c-1001', 'order.5531', 'A:b_c-d']) expect(mirrored.ID_PATTERN.test(good)).toBe(true);
    for (const bad of ['', '-lead', 'has space', 'x'.repeat(65)]) expect(mirrored.ID_PATTERN.test(bad)).toBe(false);
  });
});

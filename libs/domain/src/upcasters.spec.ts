import { EVENT_TYPES, SCHEMA_VERSIONS } from './events';
import { UPCASTERS, UpcastFailed, upcast, type UpcasterRegistry, type UpcasterSteps } from './upcasters';

// Given a hypothetical history: ContactRecorded v0 had no `direction` (every contact was inbound),
// v1 added it, and a made-up v2 renamed `reason` to `topic`.
const contactV0 = {
  type: 'ContactRecorded',
  schemaVersion: 0,
  data: { customerId: 'c-1', contactId: 'ct-1', channel: 'phone', reason: 'question' },
};

const registry: UpcasterRegistry = {
  ContactRecorded: {
    0: (data) => ({ ...data, direction: 'inbound' }),
    1: ({ reason, ...data }) => ({ ...data, topic: reason }),
  },
};
const versions = { ...SCHEMA_VERSIONS, ContactRecorded: 2 };

describe('upcasting on read', () => {
  it('returns a current event as the very same object', () => {
    const event = { type: 'ConsentGiven', schemaVersion: 1, data: { customerId: 'c-1' } };
    expect(upcast(event)).toBe(event);
  });

  it('has nothing to upcast while every event type is at version 1', () => {
    expect(Object.values(UPCASTERS).every((steps) => Object.keys(steps).length === 0)).toBe(true);
    expect(Object.values(SCHEMA_VERSIONS).every((v) => v === 1)).toBe(true);
  });

  it.each(EVENT_TYPES)('has a step for every version of %s below the current one', (type) => {
    const steps: UpcasterSteps = UPCASTERS[type];
    for (let version = 1; version < SCHEMA_VERSIONS[type]; version++) expect(typeof steps[version]).toBe('function');
  });

  it('has an entry for exactly the event types the catalogue knows', () => {
    expect(Object.keys(UPCASTERS).sort()).toEqual([...EVENT_TYPES].sort());
  });

  it('lifts an old version one step to the current one', () => {
    expect(upcast(contactV0, registry, { ...SCHEMA_VERSIONS })).toEqual({
      ...contactV0,
      schemaVersion: 1,
      data: { ...contactV0.data, direction: 'inbound' },
    });
  });

  it('chains steps until the current version, keeping the envelope fields', () => {
    const stored = { ...contactV0, eventId: 'e-1', position: 7 };
    expect(upcast(stored, registry, versions)).toEqual({
      type: 'ContactRecorded',
      schemaVersion: 2,
      eventId: 'e-1',
      position: 7,
      data: { customerId: 'c-1', contactId: 'ct-1', channel: 'phone', direction: 'inbound', topic: 'question' },
    });
  });

  it('never rewrites the stored event', () => {
    const stored = structuredClone(contactV0);
    upcast(stored, registry, versions);
    expect(stored).toEqual(contactV0);
  });

  it('fails on an unknown event type', () =>
    expect(() => upcast({ type: 'Nonsense', schemaVersion: 1, data: {} })).toThrow(UpcastFailed));

  it('fails when a step is missing', () => expect(() => upcast(contactV0)).toThrow(/no upcaster from v0 to v1/));

  it('fails on a version newer than this code knows', () =>
    expect(() => upcast({ ...contactV0, schemaVersion: 3 }, registry, versions)).toThrow(/versions up to 2/));
});

// The one contract suite every SignInStore adapter passes (SQLite always, MongoDB when
// MONGODB_URI is set). `open` is called for each test: two stores over one database stand for
// two services on different hosts (for SQLite, two connections to one file).
import { randomBytes } from 'node:crypto';
import type { SignInStore, StoredSession } from './sign-in-store';

export interface OpenedSignInStores {
  /** Two stores over the same data, as two services see it. */
  stores: [SignInStore, SignInStore];
  cleanup(): Promise<void>;
}

const session = (userId: string, at = 1_000): StoredSession => ({
  userId,
  csrfToken: `csrf-${userId}`,
  createdAt: at,
  lastSeenAt: at,
});
const unique = (what: string) => `${what}-${randomBytes(6).toString('hex')}`;
const POLICY = { maxFailures: 5, lockMs: 60_000 };

export function signInStoreContract(adapterName: string, open: () => Promise<OpenedSignInStores>): void {
  describe(`SignInStore contract: ${adapterName}`, () => {
    let opened: OpenedSignInStores;
    let a: SignInStore;
    let b: SignInStore;
    beforeEach(async () => {
      opened = await open();
      [a, b] = opened.stores;
    });
    afterEach(async () => {
      await opened.cleanup();
    });

    it('keeps one password hash per user, replaced by a new one', async () => {
      expect(await a.passwordHash('u-1')).toBeNull();
      await a.setPasswordHash('u-1', 'hash-1', 1);
      await b.setPasswordHash('u-1', 'hash-2', 2);
      expect(await a.passwordHash('u-1')).toBe('hash-2');
    });

    it('finds a session by its token on every host, and ends it on every host', async () => {
      await a.createSession('token-1', session('u-1'));
      expect(await b.session('token-1')).toEqual(session('u-1'));
      expect(await b.session('token-2')).toBeNull();
      await b.touchSession('token-1', 5_000);
      expect((await a.session('token-1'))?.lastSeenAt).toBe(5_000);
      await b.deleteSession('token-1');
      expect(await a.session('token-1')).toBeNull();
      // A touch after the end does not bring it back.
      await a.touchSession('token-1', 6_000);
      expect(await b.session('token-1')).toBeNull();
    });

    it('signs a person out everywhere: every session of theirs, no one else’s', async () => {
      await a.createSession('t-1', session('u-1'));
      await b.createSession('t-2', session('u-1'));
      await b.createSession('t-3', session('u-2'));
      expect(await b.deleteSessionsOf('u-1')).toBe(2);
      expect([await a.session('t-1'), await a.session('t-2')]).toEqual([null, null]);
      expect(await a.session('t-3')).toEqual(session('u-2'));
      expect(await a.deleteSessionsOf('u-1')).toBe(0);
    });

    it('counts failures from every host at once, locks at the limit, and starts again after the lock', async () => {
      const subject = unique('subject');
      // Four failures on two hosts at the same moment: each one counts.
      const counted = await Promise.all([a, b, a, b].map((store) => store.recordFailure(subject, 1_000, POLICY)));
      expect(counted.map((f) => f.count).sort()).toEqual([1, 2, 3, 4]);
      expect(await b.failures(subject)).toEqual({ count: 4, lockedUntil: 0 });
      expect(await a.recordFailure(subject, 2_000, POLICY)).toEqual({ count: 0, lockedUntil: 62_000 });
      // A failure racing the lock leaves it as it is.
      expect(await b.recordFailure(subject, 3_000, POLICY)).toEqual({ count: 0, lockedUntil: 62_000 });
      expect(await a.failures(subject)).toEqual({ count: 0, lockedUntil: 62_000 });
      // After the lock the count starts again.
      expect(await b.recordFailure(subject, 62_000, POLICY)).toEqual({ count: 1, lockedUntil: 0 });
      await a.clearFailures(subject);
      expect(await b.failures(subject)).toEqual({ count: 0, lockedUntil: 0 });
      expect(await b.failures(unique('never-failed'))).toEqual({ count: 0, lockedUntil: 0 });
    });

    it('locks once when many failures race past the limit on two hosts', async () => {
      const subject = unique('subject');
      const policy = { maxFailures: 3, lockMs: 10_000 };
      const all = await Promise.all(
        Array.from({ length: 8 }, (_, i) => (i % 2 ? a : b).recordFailure(subject, 1_000, policy)),
      );
      expect(all.filter((f) => f.lockedUntil === 11_000).length).toBeGreaterThanOrEqual(1);
      expect(await a.failures(subject)).toMatchObject({ lockedUntil: 11_000 });
    });

    it('finds an API key by its secret only, revokes it once, for every host', async () => {
      const keyId = unique('k');
      const record = {
        keyId,
        name: 'web shop',
        role: 'channel',
        channels: ['web'],
        createdAt: 10,
        createdBy: 'user:u-1',
      };
      await a.addApiKey('secret-key-1', record);
      expect(await b.apiKeyBySecret('secret-key-1')).toEqual({ ...record, revokedAt: null, lastUsedAt: null });
      expect(await b.apiKeyBySecret('secret-key-2')).toBeNull();
      await b.touchApiKey(keyId, 20);
      expect((await a.apiKeyBySecret('secret-key-1'))?.lastUsedAt).toBe(20);
      const revoked = await Promise.all([a.revokeApiKey(keyId, 30), b.revokeApiKey(keyId, 31)]);
      expect(revoked.filter(Boolean)).toHaveLength(1);
      // A use recorded after the revocation does not undo it.
      await a.touchApiKey(keyId, 40);
      const after = await b.apiKeyBySecret('secret-key-1');
      expect([after?.revokedAt === 30 || after?.revokedAt === 31, after?.lastUsedAt]).toEqual([true, 40]);
      expect(await a.revokeApiKey(unique('unknown'), 30)).toBe(false);
    });

    it('lists the keys in the order they were made, never with their secret', async () => {
      const first = { keyId: unique('k'), name: 'one', role: 'agent', channels: null, createdAt: 1, createdBy: 'x' };
      const second = { ...first, keyId: unique('k'), name: 'two', createdAt: 2 };
      await b.addApiKey('secret-2', second);
      await a.addApiKey('secret-1', first);
      const listed = await b.apiKeys();
      expect(listed.map((k) => k.name)).toEqual(['one', 'two']);
      expect(JSON.stringify(listed)).not.toMatch(/secret-/);
      // The secret is unique: a second key with the same secret is refused.
      // (Compared as an outcome: a native driver's error may come from another realm than jest's Error.)
      const again = a.addApiKey('secret-1', { ...first, keyId: unique('k') });
      expect(
        await again.then(
          () => 'stored',
          () => 'refused',
        ),
      ).toBe('refused');
    });

    describe('single sign-on', () => {
      const flow = { state: 's', nonce: 'n', verifier: 'v', returnTo: '/', createdAt: 1_000_000 };
      const tokens = { sub: 'sub-1', refreshToken: 'refresh-in-clear', accessToken: 'access-in-clear', idToken: 'id' };

      it('answers a started sign-in once, by its id only, on whichever host', async () => {
        await a.oidc().startFlow('flow-id', flow);
        expect(await b.oidc().takeFlow('another-id')).toBeNull();
        const taken = await Promise.all([a.oidc().takeFlow('flow-id'), b.oidc().takeFlow('flow-id')]);
        expect(taken.filter(Boolean)).toEqual([flow]);
        expect(await a.oidc().takeFlow('flow-id')).toBeNull();
      });

      it('drops sign-ins abandoned for more than ten minutes when new ones start', async () => {
        await a.oidc().startFlow('old', flow);
        await b.oidc().startFlow('new', { ...flow, createdAt: flow.createdAt + 601_000 });
        expect(await a.oidc().takeFlow('old')).toBeNull();
        expect(await a.oidc().takeFlow('new')).not.toBeNull();
      });

      it('keeps the tokens of a session sealed, and forgets them when the session ends, however it ends', async () => {
        await a.createSession('s-a', session('u-1'));
        await a.createSession('s-b', session('u-1'));
        await a.oidc().addSession('s-a', tokens, 5_000);
        await a.oidc().addSession('s-b', tokens, 5_000);
        expect(await b.oidc().session('s-a')).toEqual({ ...tokens, nextCheckAt: 5_000 });
        expect(await b.oidc().nextCheckAt('s-a')).toBe(5_000);
        expect(await b.oidc().session('s-c')).toBeNull();
        await b.deleteSession('s-a');
        expect(await a.oidc().session('s-a')).toBeNull();
        await b.deleteSessionsOf('u-1');
        expect(await a.oidc().session('s-b')).toBeNull();
        // A check that finishes after the session ended writes nothing back.
        await a.oidc().updateSession('s-b', tokens, 9);
        expect(await b.oidc().nextCheckAt('s-b')).toBeNull();
      });

      it('gives a due check to one host only, and to none before it is due', async () => {
        await a.createSession('s-c', session('u-1'));
        await a.oidc().addSession('s-c', tokens, 5_000);
        expect(await b.oidc().claimCheck('s-c', 4_999, 35_000)).toBe(false);
        const claims = await Promise.all([a, b, a, b].map((store) => store.oidc().claimCheck('s-c', 5_000, 35_000)));
        expect(claims.filter(Boolean)).toHaveLength(1);
        expect(await a.oidc().nextCheckAt('s-c')).toBe(35_000);
        await b.oidc().updateSession('s-c', { ...tokens, refreshToken: 'next' }, 40_000);
        expect(await a.oidc().session('s-c')).toMatchObject({ refreshToken: 'next', nextCheckAt: 40_000 });
        // A checker that stopped: the check is due again once its lease ran out.
        expect(await a.oidc().claimCheck('s-c', 40_000, 70_000)).toBe(true);
        expect(await b.oidc().claimCheck('s-c', 70_000, 100_000)).toBe(true);
      });

      it('links a provider subject to a user', async () => {
        const subject = unique('subject');
        expect(await a.oidc().linkedUser(subject)).toBeNull();
        await a.oidc().link(subject, 'u-1');
        await b.oidc().link(subject, 'u-2');
        expect(await a.oidc().linkedUser(subject)).toBe('u-2');
      });
    });
  });
}

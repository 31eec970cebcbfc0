import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { OidcStore } from './oidc-store';
import { SignInStore } from './sign-in-store';

describe('OidcStore', () => {
  let dir: string;
  let signIn: SignInStore;
  let store: OidcStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'ledger-oidc-store-'));
    signIn = SignInStore.open(dir);
    store = new OidcStore(signIn);
  });
  afterEach(() => {
    signIn.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const flow = { state: 's', nonce: 'n', verifier: 'v', returnTo: '/', createdAt: 1_000_000 };

  it('answers a started sign-in once, by its id only', () => {
    store.startFlow('flow-id', flow);
    expect(store.takeFlow('another-id')).toBeNull();
    expect(store.takeFlow('flow-id')).toEqual(flow);
    expect(store.takeFlow('flow-id')).toBeNull();
  });

  it('drops sign-ins abandoned for more than ten minutes when new ones start', () => {
    store.startFlow('old', flow);
    store.startFlow('new', { ...flow, createdAt: flow.createdAt + 601_000 });
    expect(store.takeFlow('old')).toBeNull();
    expect(store.takeFlow('new')).not.toBeNull();
  });

  it("keeps the provider's tokens sealed: readable with the session token, not in the file in clear", () => {
    signIn.createSession('session-token', { userId: 'u-1', csrfToken: 'c', createdAt: 1, lastSeenAt: 1 });
    const tokens = { sub: 'sub-1', refreshToken: 'refresh-token-in-clear', accessToken: 'access-token-in-clear' };
    store.addSession('session-token', tokens, 5000);
    expect(store.session('session-token')).toEqual({ ...tokens, nextCheckAt: 5000 });
    expect(store.nextCheckAt('session-token')).toBe(5000);
    signIn.close();
    const file = ['sign-in.sqlite', 'sign-in.sqlite-wal']
      .map((name) => {
        try {
          return readFileSync(join(dir, name)).toString('latin1');
        } catch {
          return '';
        }
      })
      .join('');
    expect(file).not.toContain('refresh-token-in-clear');
    expect(file).not.toContain('access-token-in-clear');
    signIn = SignInStore.open(dir);
  });

  it('forgets the tokens when their session ends, however it ends', () => {
    signIn.createSession('a', { userId: 'u-1', csrfToken: 'c', createdAt: 1, lastSeenAt: 1 });
    signIn.createSession('b', { userId: 'u-1', csrfToken: 'c', createdAt: 1, lastSeenAt: 1 });
    store.addSession('a', { sub: 's', refreshToken: 'r', accessToken: null }, 1);
    store.addSession('b', { sub: 's', refreshToken: 'r', accessToken: null }, 1);
    signIn.deleteSession('a');
    expect(store.session('a')).toBeNull();
    signIn.deleteSessionsOf('u-1');
    expect(store.session('b')).toBeNull();
    // A check that finishes after the session ended writes nothing back.
    store.updateSession('b', { sub: 's', refreshToken: 'r2', accessToken: null }, 9);
    expect(store.nextCheckAt('b')).toBeNull();
  });

  it('links a provider subject to a user', () => {
    expect(store.linkedUser('subject-hash')).toBeNull();
    store.link('subject-hash', 'u-1');
    expect(store.linkedUser('subject-hash')).toBe('u-1');
  });
});

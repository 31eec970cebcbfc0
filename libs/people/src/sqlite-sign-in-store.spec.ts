// The sign-in store contract on SQLite (two connections to one `sign-in.sqlite`), and what only
// the file adapter has to show: nothing secret in the file in clear.
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { signInStoreContract } from './sign-in-store.contract';
import { SqliteSignInStore } from './sqlite-sign-in-store';

signInStoreContract('sqlite', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'ledger-sign-in-'));
  const stores: [SqliteSignInStore, SqliteSignInStore] = [SqliteSignInStore.open(dir), SqliteSignInStore.open(dir)];
  return {
    stores,
    cleanup: async () => {
      await Promise.all(stores.map((store) => store.close()));
      rmSync(dir, { recursive: true, force: true });
    },
  };
});

describe('SqliteSignInStore', () => {
  it('keeps no session token, key or provider token in the file in clear', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'ledger-sign-in-'));
    try {
      const store = SqliteSignInStore.open(dir);
      await store.createSession('session-token-in-clear', { userId: 'u', csrfToken: 'c', createdAt: 1, lastSeenAt: 1 });
      await store
        .oidc()
        .addSession(
          'session-token-in-clear',
          { sub: 's', refreshToken: 'refresh-token-in-clear', accessToken: 'access-token-in-clear' },
          1,
        );
      await store.addApiKey('api-key-in-clear', {
        keyId: 'k-1',
        name: 'n',
        role: 'agent',
        channels: null,
        createdAt: 1,
        createdBy: 'x',
      });
      await store.close();
      const file = ['sign-in.sqlite', 'sign-in.sqlite-wal']
        .map((name) => {
          try {
            return readFileSync(join(dir, name)).toString('latin1');
          } catch {
            return '';
          }
        })
        .join('');
      expect(file).toContain('k-1');
      expect(file).not.toMatch(/session-token-in-clear|refresh-token-in-clear|access-token-in-clear|api-key-in-clear/);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});

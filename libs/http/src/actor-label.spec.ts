import { existsSync, mkdtempSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ACTOR_LABEL_KEY_FILE, actorLabel, loadActorLabelKey } from './actor-label';

describe('actor labels', () => {
  const labelKey = Buffer.from('a-deployment-wide-label-key');

  it('is the role and 16 hex characters of HMAC-SHA-256 over the API key', () => {
    // `echo -n dev-channel-key | openssl dgst -sha256 -hmac a-deployment-wide-label-key`, first 16 hex.
    expect(actorLabel('channel', 'dev-channel-key', labelKey)).toBe('channel:6acd774fd90d4f26');
    expect(actorLabel('channel', 'dev-channel-key', labelKey)).toMatch(/^channel:[0-9a-f]{16}$/);
  });

  it('is the same for the same key, and differs with the key and with the HMAC key', () => {
    const label = actorLabel('agent', 'key-one-12345', labelKey);
    expect(actorLabel('agent', 'key-one-12345', Buffer.from(labelKey))).toBe(label);
    expect(actorLabel('agent', 'key-two-12345', labelKey)).not.toBe(label);
    expect(actorLabel('agent', 'key-one-12345', Buffer.from('another-label-key'))).not.toBe(label);
  });

  it('tells many keys apart', () => {
    // Distinct keys, one label each, across many keys (the FNV label had 2^32 values; this has 2^64).
    const labels = new Set(Array.from({ length: 20_000 }, (_, i) => actorLabel('channel', `key-${i}`, labelKey)));
    expect(labels.size).toBe(20_000);
  });
});

describe('actor label key', () => {
  let dir: string;
  beforeEach(() => (dir = mkdtempSync(join(tmpdir(), 'ledger-label-'))));
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('uses the configured key and writes nothing', () => {
    expect(loadActorLabelKey('configured-label-key', dir)).toEqual(Buffer.from('configured-label-key'));
    expect(existsSync(join(dir, ACTOR_LABEL_KEY_FILE))).toBe(false);
  });

  it('makes one key for the data directory, readable by the owner only, and reuses it after a restart', () => {
    const data = join(dir, 'data');
    const first = loadActorLabelKey(null, data);
    expect(first).toHaveLength(32);
    const file = join(data, ACTOR_LABEL_KEY_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8').trim()).toBe(first.toString('hex'));
    expect(loadActorLabelKey(null, data)).toEqual(first);
  });

  it('refuses a damaged key file instead of relabelling every key', () => {
    writeFileSync(join(dir, ACTOR_LABEL_KEY_FILE), 'not hex\n');
    expect(() => loadActorLabelKey(null, dir)).toThrow(/must hold 64 hex characters/);
  });
});

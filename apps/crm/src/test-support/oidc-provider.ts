// Starts the real OpenID provider (oidc-provider-process.mjs) in a child process, and a browser-like
// client for the single sign-on flow: it keeps cookies and follows redirects one at a time, so a
// test can look at (or alter) each step, and signs a person in at the provider's interaction.
import { type ChildProcess, spawn } from 'node:child_process';
import { join } from 'node:path';
import { createInterface } from 'node:readline';

export const OIDC_CLIENT = { clientId: 'ledger-crm', clientSecret: 'a-client-secret-for-tests-only' };

/** A port free right now, for a CRM whose redirect URI the provider must know before it starts. */
export { freePort } from './crm-process';

export class TestProvider {
  private constructor(
    private readonly child: ChildProcess,
    readonly issuer: string,
  ) {}

  static async start(redirectUri: string): Promise<TestProvider> {
    const child = spawn(
      process.execPath,
      [join(__dirname, 'oidc-provider-process.mjs'), JSON.stringify({ ...OIDC_CLIENT, redirectUri })],
      { stdio: ['ignore', 'pipe', 'inherit'] },
    );
    const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
    const issuer = await new Promise<string>((resolve, reject) => {
      child.once('exit', (code) => reject(new Error(`the OpenID provider exited (${code})`)));
      lines.on('line', (line) => {
        if (line.startsWith('{"issuer"')) resolve((JSON.parse(line) as { issuer: string }).issuer);
      });
    });
    return new TestProvider(child, issuer);
  }

  async setAccount(sub: string, claims: Record<string, unknown>): Promise<void> {
    await this.send('PUT', `/test/accounts/${encodeURIComponent(sub)}`, claims);
  }

  async removeAccount(sub: string): Promise<void> {
    await this.send('DELETE', `/test/accounts/${encodeURIComponent(sub)}`);
  }

  /** The next ID token the provider issues is altered this way. */
  async tamperNextIdToken(mode: 'signature' | 'nonce'): Promise<void> {
    await this.send('POST', `/test/tamper?mode=${mode}`);
  }

  stop(): Promise<void> {
    return new Promise((resolve) => {
      if (this.child.exitCode !== null || this.child.signalCode !== null) return resolve();
      this.child.once('exit', () => resolve());
      this.child.kill();
    });
  }

  private async send(method: string, path: string, body?: unknown): Promise<void> {
    const reply = await fetch(`${this.issuer}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (reply.status !== 204) throw new Error(`${method} ${path}: ${reply.status} ${await reply.text()}`);
  }
}

/** Cookies by name (the CRM's and the provider's names differ), redirects followed by hand. */
export class Browser {
  readonly cookies = new Map<string, string>();

  async get(url: string): Promise<Response> {
    return this.send('GET', url);
  }

  /** A POST with extra headers, and a form body when given. */
  post(url: string, headers: Record<string, string> = {}, form?: string): Promise<Response> {
    return this.send(
      'POST',
      url,
      form === undefined ? headers : { ...headers, 'content-type': 'application/x-www-form-urlencoded' },
      form,
    );
  }

  async send(method: string, url: string, headers: Record<string, string> = {}, body?: string): Promise<Response> {
    const cookie = [...this.cookies].map(([name, value]) => `${name}=${value}`).join('; ');
    const reply = await fetch(url, {
      method,
      redirect: 'manual',
      headers: cookie ? { ...headers, cookie } : headers,
      body,
    });
    for (const line of reply.headers.getSetCookie()) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      const expired = attributes.some((a) => /^\s*max-age=0\s*$/i.test(a) || /^\s*expires=Thu, 01 Jan 1970/i.test(a));
      if (expired || value === '') this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
    return reply;
  }

  /**
   * From the CRM's start to the provider's redirect back: the person `sub` signs in at the
   * provider's interaction. Answers the callback URL the provider sent the browser to (not yet followed).
   */
  async throughProvider(startUrl: string, sub: string, callbackPrefix: string): Promise<string> {
    let reply = await this.get(startUrl);
    for (let step = 0; step < 12; step++) {
      if (reply.status === 200 && reply.url.includes('/interaction/')) {
        const { uid } = (await reply.json()) as { uid: string };
        reply = await this.send('POST', `${new URL(reply.url).origin}/interaction/${uid}/login?sub=${sub}`);
        continue;
      }
      const location = reply.headers.get('location');
      if (!location || reply.status < 300 || reply.status > 399) {
        throw new Error(`sign-in stopped at ${reply.url}: ${reply.status} ${await reply.text()}`);
      }
      const next = new URL(location, reply.url).href;
      if (next.startsWith(callbackPrefix)) return next;
      reply = await this.get(next);
    }
    throw new Error('the provider never redirected back');
  }
}

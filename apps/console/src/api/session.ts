// Who is signed in, in this tab. A person signs in with email and password: the server keeps the
// session behind an HTTP-only cookie, and the tab keeps only the session's CSRF token. A machine
// or developer signs in with an API key. Both live in sessionStorage: gone when the tab closes,
// never in localStorage.
const KEY = 'ledger.apiKey';
const CSRF = 'ledger.csrf';

type Listener = () => void;
const listeners = new Set<Listener>();
const changed = () => listeners.forEach((listener) => listener());

export const session = {
  apiKey(): string | null {
    return sessionStorage.getItem(KEY);
  },
  /** The CSRF token of a person's session (sent as X-CSRF-Token with every change). */
  csrfToken(): string | null {
    return sessionStorage.getItem(CSRF);
  },
  /** Changes whenever someone signs in or out: `key:<key>`, `person:<token>` or null. */
  current(): string | null {
    const key = sessionStorage.getItem(KEY);
    if (key) return `key:${key}`;
    const csrf = sessionStorage.getItem(CSRF);
    return csrf ? `person:${csrf}` : null;
  },
  isPerson(): boolean {
    return sessionStorage.getItem(CSRF) !== null;
  },
  signIn(apiKey: string): void {
    sessionStorage.removeItem(CSRF);
    sessionStorage.setItem(KEY, apiKey);
    changed();
  },
  signInAsPerson(csrfToken: string): void {
    sessionStorage.removeItem(KEY);
    sessionStorage.setItem(CSRF, csrfToken);
    changed();
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    sessionStorage.removeItem(CSRF);
    changed();
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

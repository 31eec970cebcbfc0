// The signed-in API key lives in sessionStorage: it is gone when the tab closes, and never
// written to localStorage or a cookie.
const KEY = 'ledger.apiKey';

type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  apiKey(): string | null {
    return sessionStorage.getItem(KEY);
  },
  signIn(apiKey: string): void {
    sessionStorage.setItem(KEY, apiKey);
    listeners.forEach((listener) => listener());
  },
  signOut(): void {
    sessionStorage.removeItem(KEY);
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};

// The single sign-on part of the sign-in store port: sign-ins under way (state, nonce and PKCE
// verifier, single use, ten minutes), the provider's tokens of each session from single sign-on
// (sealed with a key derived from the session's own token, so the store alone reaches neither
// the CRM nor the provider) and which directory user a provider's subject is. Each adapter keeps
// them in the same database as its sessions (sqlite-oidc-store.ts, mongo-oidc-store.ts).
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

export interface SignInFlow {
  state: string;
  nonce: string;
  verifier: string;
  returnTo: string;
  createdAt: number;
}

/** What the provider gave a session, for asking it again later and for signing out there. */
export interface ProviderTokens {
  sub: string;
  refreshToken: string | null;
  accessToken: string | null;
  /** The ID token, the `id_token_hint` of signing out at the provider (absent in sessions from before it was kept). */
  idToken?: string | null;
}

export interface OidcSession extends ProviderTokens {
  nextCheckAt: number;
}

/** How long a started sign-in may take at the provider. */
export const FLOW_SECONDS = 600;

/** Nest token of the OidcStore. */
export const OIDC_STORE = Symbol('OIDC_STORE');

export interface OidcStore {
  /** Also drops sign-ins abandoned for longer than FLOW_SECONDS: the flows never grow past ten minutes of them. */
  startFlow(flowId: string, flow: SignInFlow): Promise<void>;
  /** The flow, removed as it is read: a callback can be answered once, on whichever service. */
  takeFlow(flowId: string): Promise<SignInFlow | null>;
  addSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void>;
  /** After a check; changes nothing when the session ended meanwhile. */
  updateSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void>;
  /**
   * Takes the session's check when it is due at `now`, moving its next check to `leaseUntil`:
   * true for exactly one caller across every service, so a refresh token (spent by its use) is
   * used once. A checker that never finishes leaves the check due again at `leaseUntil`.
   */
  claimCheck(sessionToken: string, now: number, leaseUntil: number): Promise<boolean>;
  /** When the session is next to be checked at the provider; null: not a session from single sign-on. */
  nextCheckAt(sessionToken: string): Promise<number | null>;
  /** null: not a session from single sign-on (or it ended). */
  session(sessionToken: string): Promise<OidcSession | null>;
  linkedUser(subject: string): Promise<string | null>;
  link(subject: string, userId: string): Promise<void>;
}

const keyOf = (sessionToken: string): Buffer =>
  createHash('sha256').update(`oidc-tokens\u0000${sessionToken}`).digest();

/** The tokens as an adapter stores them: AES-256-GCM under the session token's derived key. */
export function sealTokens(sessionToken: string, tokens: ProviderTokens): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keyOf(sessionToken), iv);
  const sealed = Buffer.concat([cipher.update(JSON.stringify(tokens), 'utf8'), cipher.final()]);
  return Buffer.concat([iv, cipher.getAuthTag(), sealed]).toString('base64url');
}

export function openTokens(sessionToken: string, value: string): ProviderTokens {
  const raw = Buffer.from(value, 'base64url');
  const decipher = createDecipheriv('aes-256-gcm', keyOf(sessionToken), raw.subarray(0, 12));
  decipher.setAuthTag(raw.subarray(12, 28));
  return JSON.parse(Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8'));
}

// Single sign-on's state shared by every service (distributed mode), beside the sessions in the
// sign-in store's database. As in mongo-sign-in-store.ts, what must happen once is an insert of a
// new `_id`: a callback's flow is answered once (`sign_in_oidc_flow_answers`), and a due check
// is taken by one service only (`sign_in_oidc_checks`, one document per session and due time),
// so a refresh token, spent by its use, is used once across hosts.
import type { Collection, Db, Filter } from 'mongodb';
import { DURABLE, isDuplicate } from './mongo-writes';
import {
  FLOW_SECONDS,
  openTokens,
  sealTokens,
  type OidcSession,
  type OidcStore,
  type ProviderTokens,
  type SignInFlow,
} from './oidc-store';
import { tokenHash } from './sign-in-store';

interface OidcSessionDocument {
  _id: string;
  userId: string;
  tokens: string;
  nextCheckAt: number;
}

export class MongoOidcStore implements OidcStore {
  private readonly flows: Collection<SignInFlow & { _id: string }>;
  private readonly answers: Collection<{ _id: string; at: number }>;
  private readonly sessions: Collection<OidcSessionDocument>;
  private readonly signInSessions: Collection<{ _id: string; userId: string }>;
  private readonly checks: Collection<{ _id: string; session: string; at: number }>;
  private readonly links: Collection<{ _id: string; userId: string }>;

  constructor(db: Db) {
    this.flows = db.collection('sign_in_oidc_flows');
    this.answers = db.collection('sign_in_oidc_flow_answers');
    this.sessions = db.collection('sign_in_oidc_sessions');
    this.signInSessions = db.collection('sign_in_sessions');
    this.checks = db.collection('sign_in_oidc_checks');
    this.links = db.collection('sign_in_oidc_links');
  }

  async init(): Promise<void> {
    await Promise.all([
      this.flows.createIndex({ createdAt: 1 }),
      this.answers.createIndex({ at: 1 }),
      this.sessions.createIndex({ userId: 1 }),
      this.checks.createIndex({ session: 1 }),
    ]);
  }

  async startFlow(flowId: string, flow: SignInFlow): Promise<void> {
    const abandoned = flow.createdAt - FLOW_SECONDS * 1000;
    await this.flows.deleteMany({ createdAt: { $lt: abandoned } });
    await this.answers.deleteMany({ at: { $lt: abandoned } });
    await this.flows.insertOne({ _id: tokenHash(flowId), ...flow }, { writeConcern: DURABLE });
  }

  async takeFlow(flowId: string): Promise<SignInFlow | null> {
    const hash = tokenHash(flowId);
    const found = await this.flows.findOne({ _id: hash });
    if (!found) return null;
    try {
      await this.answers.insertOne({ _id: hash, at: found.createdAt }, { writeConcern: DURABLE });
    } catch (error) {
      // Another service (or request) answered this callback already.
      if (isDuplicate(error)) return null;
      throw error;
    }
    await this.flows.deleteOne({ _id: hash });
    const { state, nonce, verifier, returnTo, createdAt } = found;
    return { state, nonce, verifier, returnTo, createdAt };
  }

  async addSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void> {
    const hash = tokenHash(sessionToken);
    // Kept with the session's user, so "sign out everywhere" forgets the tokens of every session.
    const session = await this.signInSessions.findOne({ _id: hash });
    if (!session) return;
    await this.sessions.insertOne(
      { _id: hash, userId: session.userId, tokens: sealTokens(sessionToken, tokens), nextCheckAt },
      { writeConcern: DURABLE },
    );
  }

  async updateSession(sessionToken: string, tokens: ProviderTokens, nextCheckAt: number): Promise<void> {
    // Only the service holding the check writes here: no other write to race with.
    await this.sessions.updateOne(
      { _id: tokenHash(sessionToken) },
      { $set: { tokens: sealTokens(sessionToken, tokens), nextCheckAt } },
      { writeConcern: DURABLE },
    );
  }

  async claimCheck(sessionToken: string, now: number, leaseUntil: number): Promise<boolean> {
    const hash = tokenHash(sessionToken);
    const found = await this.sessions.findOne({ _id: hash });
    if (!found || found.nextCheckAt > now) return false;
    try {
      await this.checks.insertOne({ _id: `${hash}:${found.nextCheckAt}`, session: hash, at: now });
    } catch (error) {
      if (isDuplicate(error)) return false;
      throw error;
    }
    await this.sessions.updateOne({ _id: hash }, { $set: { nextCheckAt: leaseUntil } });
    return true;
  }

  async nextCheckAt(sessionToken: string): Promise<number | null> {
    return (await this.sessions.findOne({ _id: tokenHash(sessionToken) }))?.nextCheckAt ?? null;
  }

  async session(sessionToken: string): Promise<OidcSession | null> {
    const found = await this.sessions.findOne({ _id: tokenHash(sessionToken) });
    return found ? { ...openTokens(sessionToken, found.tokens), nextCheckAt: found.nextCheckAt } : null;
  }

  async linkedUser(subject: string): Promise<string | null> {
    return (await this.links.findOne({ _id: subject }))?.userId ?? null;
  }

  async link(subject: string, userId: string): Promise<void> {
    await this.links.replaceOne({ _id: subject }, { userId }, { upsert: true, writeConcern: DURABLE });
  }

  /** The provider tokens (and taken checks) of sessions that ended. */
  async forgetSessions(filter: Filter<OidcSessionDocument>): Promise<void> {
    const ended = (await this.sessions.find(filter, { projection: { _id: 1 } }).toArray()).map((s) => s._id);
    if (ended.length === 0) return;
    await this.sessions.deleteMany({ _id: { $in: ended } }, { writeConcern: DURABLE });
    await this.checks.deleteMany({ session: { $in: ended } });
  }
}

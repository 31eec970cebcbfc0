// Reads and changes the generation pointers in the read store, shared by every projection-
// service instance. A change is compare-and-set on the pointer's revision (its lastPosition):
// an instance first claims the next revision by inserting a claim document named after it, and
// only the instance whose claim was stored writes that revision; the others read again and
// apply their change to what the winner wrote. The claim is an insert of a new id, which every
// server decides atomically (a unique index); the guarded replace of the pointer itself is not
// atomic on FerretDB (two replacers can both pass the guard, the later one wins silently).
import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import type { ReadDocument, ReadStore } from '@ledger/read-store';
import { GENERATIONS, type GenerationPointer } from './generations';

const ATTEMPTS = 20;
/** One document per pointer revision ever claimed: which instance's change made it. */
export const GENERATION_CLAIMS = 'read_model_generation_claims';
/** A loser waits this long for the winner to write the revision it claimed, then reads again. */
const LOSER_PAUSE_MS = 20;
/**
 * A claim whose revision the pointer has not reached after this long was abandoned (its
 * instance stopped between claim and write): the next change skips that revision.
 */
const ABANDONED_CLAIM_MS = 10_000;

interface Claim extends ReadDocument {
  by: string;
  /** When it was claimed (ms since epoch, the claiming instance's clock). */
  at: number;
}

/** The pointer moved under every attempt: something rewrites it in a loop. */
export class PointerContention extends Error {
  constructor(name: string) {
    super(`the generation pointer of ${name} kept changing under ${ATTEMPTS} attempts`);
    this.name = 'PointerContention';
  }
}

export class GenerationStore {
  constructor(private readonly reads: ReadStore) {}

  async init(): Promise<void> {
    await this.reads.ensureCollection(GENERATIONS);
    await this.reads.ensureCollection(GENERATION_CLAIMS);
  }

  get(name: string): Promise<GenerationPointer | null> {
    return this.reads.get<GenerationPointer>(GENERATIONS, name);
  }

  /** Every pointer, by read-model name (one query: the runner and the query side poll this). */
  async all(): Promise<Map<string, GenerationPointer>> {
    const pointers = await this.reads.find<GenerationPointer>(GENERATIONS);
    return new Map(pointers.map((p) => [p.id, p]));
  }

  /**
   * Applies `change` to the current pointer (null when there is none yet) until the stored
   * pointer is the result. `change` returns its argument to mean "nothing to do", and may throw
   * to refuse; it may run several times, so it must be pure.
   */
  async update(
    name: string,
    change: (current: GenerationPointer | null) => GenerationPointer | null,
  ): Promise<GenerationPointer | null> {
    for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
      const current = await this.get(name);
      const changed = change(current);
      if (changed === null || changed === current) return current;
      const revision = await this.claim(name, changed.lastPosition);
      if (revision !== null) {
        const wanted = { ...changed, lastPosition: revision };
        await this.reads.commit(GENERATIONS, [wanted], 0);
        const stored = await this.get(name);
        // Key order is not compared: a server may return fields in its own order.
        if (stored && isDeepStrictEqual({ ...stored }, { ...wanted })) return stored;
      } else {
        await new Promise((resolve) => setTimeout(resolve, LOSER_PAUSE_MS));
      }
    }
    throw new PointerContention(name);
  }

  /**
   * Claims `revision` of `name` (or the first revision after abandoned claims); the revision
   * this instance may write, or null when another instance's claim on it stands.
   */
  private async claim(name: string, revision: number): Promise<number | null> {
    for (let next = revision; ; next++) {
      const id = `${name}@${next}`;
      const by = randomUUID();
      // Never replaced: a claim's lastPosition is always 1, and the guard only replaces an older one.
      const claim: Claim = { id, lastPosition: 1, by, at: Date.now() };
      await this.reads.commit(GENERATION_CLAIMS, [claim], 0);
      const stored = await this.reads.get<Claim>(GENERATION_CLAIMS, id);
      if (stored?.by === by) return next;
      if (!stored || Date.now() - stored.at < ABANDONED_CLAIM_MS) return null;
    }
  }

  /** The pointer, created for `version` at generation 0 when the read model has none yet. */
  async ensure(name: string, initial: () => GenerationPointer): Promise<GenerationPointer> {
    return (await this.update(name, (current) => current ?? initial())) as GenerationPointer;
  }
}

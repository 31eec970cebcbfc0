// Reads and changes the generation pointers in the read store, shared by every projection-
// service instance. A change is compare-and-set on the pointer's revision (its lastPosition,
// which the read store's commit guard only lets move forward): write revision + 1, read back,
// and if another instance's write won, apply the change again to what it wrote.
import { isDeepStrictEqual } from 'node:util';
import type { ReadStore } from '@ledger/read-store';
import { GENERATIONS, type GenerationPointer } from './generations';

const ATTEMPTS = 20;

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
      const wanted = change(current);
      if (wanted === null || wanted === current) return current;
      await this.reads.commit(GENERATIONS, [wanted], 0);
      const stored = await this.get(name);
      // Key order is not compared: a server may return fields in its own order.
      if (stored && isDeepStrictEqual({ ...stored }, { ...wanted })) return stored;
    }
    throw new PointerContention(name);
  }

  /** The pointer, created for `version` at generation 0 when the read model has none yet. */
  async ensure(name: string, initial: () => GenerationPointer): Promise<GenerationPointer> {
    return (await this.update(name, (current) => current ?? initial())) as GenerationPointer;
  }
}

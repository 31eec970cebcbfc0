// Fresh random bytes drawn from the CSPRNG many at a time: one randomBytes call costs about as much
// for 32 bytes as for 8 KB (≈ 20 µs measured on the importer's path), and IVs and new customers'
// keys are asked for thousands at a time. Each slice is handed out once, so what it hands out is as
// random and as unique as randomBytes' own.
import { randomBytes } from 'node:crypto';

export class RandomPool {
  private pool: Buffer = Buffer.alloc(0);
  private offset = 0;

  constructor(private readonly drawBytes: number) {}

  /** `size` bytes no other caller gets; a view of the pool, so copy it if it must outlive the caller's use. */
  take(size: number): Buffer {
    if (this.offset + size > this.pool.length) {
      this.pool = randomBytes(Math.max(size, this.drawBytes));
      this.offset = 0;
    }
    const bytes = this.pool.subarray(this.offset, this.offset + size);
    this.offset += size;
    return bytes;
  }
}

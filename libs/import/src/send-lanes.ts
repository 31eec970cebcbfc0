// Sends the importer's batches over one or more lanes, each with one batch in flight (HTTP:
// several requests at once). A customer's units always take the same lane, so their commands
// (registration first) arrive in file order; batches of different lanes are acknowledged in any
// order, and the checkpoint advances only past rows whose units are all acknowledged, so
// `--resume` never skips a row that was not written.
/** A unit on its way: how many commands it makes and the last source row it covers. */
export interface LaneUnit {
  commands: number;
  lastRow: number;
  /** Source rows the unit holds (an invoice's lines), 1 if absent: what a batch's memory grows with. */
  rowCount?: number;
}

interface Entry {
  lastRow: number;
  done: boolean;
}

interface Lane<U extends LaneUnit> {
  units: U[];
  entries: Entry[];
  items: number;
  rows: number;
  inFlight: Promise<void>;
}

export interface LaneCallbacks<U extends LaneUnit, R> {
  /** One acknowledged batch: its units and, per unit, its outcome. */
  acknowledged(units: U[], outcomes: R[]): void;
  /** Every row up to `lastRow` is done (written, answered or rejected). */
  checkpoint(lastRow: number): void;
}

export class SendLanes<U extends LaneUnit, R> {
  private readonly lanes: Lane<U>[];
  /** Units in file order, from the oldest not yet done; `head` is where the live part starts. */
  private order: Entry[] = [];
  private head = 0;

  constructor(
    /** Sends a batch of units; answers one outcome per unit, in order. */
    private readonly send: (units: U[]) => Promise<R[]>,
    count: number,
    private readonly batchSize: number,
    private readonly callbacks: LaneCallbacks<U, R>,
    /**
     * A batch is also sent once it holds this many source rows: a shop export's invoice is one
     * command of tens of lines, and batches of 1,000 such commands held tens of thousands of rows
     * (and their commands, events and copies) per batch in flight, most of the importer's memory.
     */
    private readonly maxRows = Number.POSITIVE_INFINITY,
  ) {
    if (!Number.isSafeInteger(count) || count < 1)
      throw new RangeError('the number of lanes must be a positive integer');
    this.lanes = Array.from({ length: count }, () => ({
      units: [],
      entries: [],
      items: 0,
      rows: 0,
      inFlight: Promise.resolve(),
    }));
  }

  /** A unit that needs no sending (rejected while reading): done at once, in its place (checkpointed with the next acknowledgement). */
  skip(lastRow: number): void {
    this.order.push({ lastRow, done: true });
  }

  /** Queues a unit on its customer's lane; waits only when that lane must send and is still busy. */
  async add(unit: U, key: string): Promise<void> {
    const entry = { lastRow: unit.lastRow, done: false };
    this.order.push(entry);
    const lane = this.lanes[this.lanes.length === 1 ? 0 : laneHash(key) % this.lanes.length];
    const rows = unit.rowCount ?? 1;
    // A batch never holds more than batchSize commands (the CRM refuses a larger one), nor more
    // than maxRows rows unless one unit alone has more.
    if (lane.items > 0 && (lane.items + unit.commands > this.batchSize || lane.rows + rows > this.maxRows))
      await this.dispatch(lane);
    lane.units.push(unit);
    lane.entries.push(entry);
    lane.items += unit.commands;
    lane.rows += rows;
    if (lane.items >= this.batchSize || lane.rows >= this.maxRows) await this.dispatch(lane);
  }

  /** Sends what is queued and waits for every lane; rethrows a failed send. */
  async drain(): Promise<void> {
    for (const lane of this.lanes) await this.dispatch(lane);
    await Promise.all(this.lanes.map((lane) => lane.inFlight));
    this.advance();
  }

  private async dispatch(lane: Lane<U>): Promise<void> {
    await lane.inFlight; // one batch in flight per lane: a customer's commands stay in order
    if (lane.units.length === 0) return;
    const units = lane.units;
    const entries = lane.entries;
    lane.units = [];
    lane.entries = [];
    lane.items = 0;
    lane.rows = 0;
    lane.inFlight = this.send(units).then((outcomes) => {
      this.callbacks.acknowledged(units, outcomes);
      for (const entry of entries) entry.done = true;
      this.advance();
    });
    // Awaited by the next dispatch or by drain, which rethrow; not an unhandled rejection meanwhile.
    lane.inFlight.catch(() => undefined);
  }

  private advance(): void {
    let last: number | undefined;
    while (this.head < this.order.length && this.order[this.head].done) last = this.order[this.head++].lastRow;
    if (this.head > 4096) {
      this.order = this.order.slice(this.head);
      this.head = 0;
    }
    if (last !== undefined) this.callbacks.checkpoint(last);
  }
}

/** FNV-1a: spreads customer ids over the lanes (and the embedded importer's writer threads), the same one every time. */
export function laneHash(key: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

// What every command answers. Types only, free of NestJS, so the console imports it
// (`@ledger/commands/api`, erased from its bundle) instead of copying it.
import type { FieldProblem } from '@ledger/domain';

export interface CommandResult {
  commandId: string;
  streamId: string;
  /** The stream's revision after the command (−1: the stream does not exist). */
  revision: number;
  /** Global position to wait for on the query side (read-your-writes); 0 when the stream is empty. */
  position: number;
  events: { eventId: string; type: string; revision: number; position: number }[];
  /** True when this answers a retry of an already executed command. */
  replayed: boolean;
  /** Present when some input was kept as given but not recognised (see CommandOptions.warnings). */
  warnings?: FieldProblem[];
}

// How both projection threads (catch-up-thread.ts, live-thread.ts) take their messages: strictly
// in order, each once the previous one has been handled.
import type { MessagePort } from 'node:worker_threads';

/**
 * Handles each message after the previous one. What a handler throws is not one read model's
 * fault (those travel in the replies): the thread dies, and the main thread's 'error' handler
 * takes over (a catch-up ends and the live feed goes on from the checkpoints; a live thread's read
 * models go to the supervisor).
 */
export function handleInOrder<T>(port: MessagePort, handle: (request: T) => Promise<void>): void {
  let queue = Promise.resolve();
  port.on('message', (request: T) => {
    queue = queue
      .then(() => handle(request))
      .catch((error: unknown) => {
        setImmediate(() => {
          throw error;
        });
      });
  });
}

// A real HTTP receiver for webhook tests (node:http on a random loopback port): it records each
// request and answers with the next scripted status (the last one repeats).
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: Record<string, string>;
  body: string;
  status: number;
}

export class WebhookReceiver {
  readonly received: ReceivedRequest[] = [];

  private constructor(
    private readonly server: Server,
    private readonly statuses: number[],
  ) {}

  static async start(statuses: number[] = [200]): Promise<WebhookReceiver> {
    const server = createServer();
    const receiver = new WebhookReceiver(server, statuses);
    server.on('request', (request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const index = Math.min(receiver.received.length, statuses.length - 1);
        const status = receiver.statuses[index];
        const headers = Object.fromEntries(
          Object.entries(request.headers).map(([name, value]) => [name, String(value)]),
        );
        receiver.received.push({ headers, body: Buffer.concat(chunks).toString('utf8'), status });
        response.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'try again');
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return receiver;
  }

  get url(): string {
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}/hooks`;
  }

  /** Resolves once `count` requests arrived (or rejects after `timeoutMs`). */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedRequest[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      if (Date.now() > deadline) throw new Error(`got ${this.received.length} of ${count} webhook requests`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    return this.received;
  }

  stop(): Promise<void> {
    this.server.closeAllConnections();
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

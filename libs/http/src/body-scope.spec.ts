import { AsyncLocalStorage } from 'node:async_hooks';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import Fastify, { type FastifyInstance } from 'fastify';
import { readBodiesWithoutBind } from './body-scope';
import { registerRequestReading } from './json-body';

/** An app reading bodies as every service does, whose route answers the body and the request's async store. */
async function app(override: boolean): Promise<{ fastify: FastifyInstance; installed: boolean }> {
  const fastify = Fastify();
  const store = new AsyncLocalStorage<string>();
  let installed = false;
  if (override) {
    registerRequestReading(fastify, 64);
    installed = Object.prototype.hasOwnProperty.call(
      (fastify as unknown as Record<symbol, object>)[
        Object.getOwnPropertySymbols(fastify).find((s) => s.description === 'fastify.contentTypeParser')!
      ],
      'run',
    );
  } else {
    fastify.addContentTypeParser('application/json', { parseAs: 'string', bodyLimit: 64 }, (_r, text, done) =>
      done(null, JSON.parse(text as string)),
    );
  }
  // The store is entered before the body is read: the handler must still see it afterwards.
  fastify.addHook('onRequest', (request, _reply, done) => store.run(String(request.headers['x-trace']), done));
  fastify.post('/echo', async (request) => ({ body: request.body, trace: store.getStore() ?? null }));
  await fastify.ready();
  return { fastify, installed };
}

describe('readBodiesWithoutBind', () => {
  let apps: FastifyInstance[] = [];
  afterEach(async () => {
    await Promise.all(apps.map((a) => a.close()));
    apps = [];
  });
  const open = async (override: boolean) => {
    const made = await app(override);
    apps.push(made.fastify);
    return made;
  };
  const post = (fastify: FastifyInstance, payload: string, contentType = 'application/json') =>
    fastify.inject({
      method: 'POST',
      url: '/echo',
      headers: { 'content-type': contentType, 'x-trace': 'req-7' },
      payload,
    });

  it('is installed on this Fastify (if an upgrade moves its internals, this says the override is gone)', async () => {
    expect(readBodiesWithoutBind(Fastify())).toBe(true);
    expect((await open(true)).installed).toBe(true);
  });

  /** Over a real socket, the body's second half sent later: it arrives outside the request's scope. */
  async function postInTwoParts(fastify: FastifyInstance, first: string, second: string) {
    await fastify.listen({ port: 0, host: '127.0.0.1' });
    const { port } = fastify.server.address() as AddressInfo;
    return new Promise<{ status: number; json: unknown }>((resolve, reject) => {
      const req = httpRequest(
        {
          port,
          host: '127.0.0.1',
          method: 'POST',
          path: '/echo',
          headers: {
            'content-type': 'application/json',
            'content-length': Buffer.byteLength(first + second),
            'x-trace': 'req-7',
          },
        },
        (res) => {
          let text = '';
          res.on('data', (chunk: Buffer) => (text += chunk.toString()));
          res.on('end', () => resolve({ status: res.statusCode ?? 0, json: JSON.parse(text) }));
        },
      );
      req.on('error', reject);
      req.write(first);
      setTimeout(() => req.end(second), 20);
    });
  }

  it('hands the handler the parsed body in the async scope the request started in, as Fastify does', async () => {
    for (const override of [true, false]) {
      const { fastify } = await open(override);
      const answer = await postInTwoParts(fastify, '{"channel":"phone",', '"n":[1,2]}');
      expect({ override, ...answer }).toEqual({
        override,
        status: 200,
        json: { body: { channel: 'phone', n: [1, 2] }, trace: 'req-7' },
      });
    }
  });

  it('refuses a body over the limit with 413 and closes the connection', async () => {
    const { fastify } = await open(true);
    const answer = await post(fastify, JSON.stringify({ note: 'x'.repeat(100) }));
    expect(answer.statusCode).toBe(413);
    expect(answer.headers.connection).toBe('close');
  });

  it("answers a body that is not JSON with the parser's 400, and another media type with 415", async () => {
    const { fastify } = await open(true);
    const malformed = await post(fastify, '{"channel": ');
    expect(malformed.statusCode).toBe(400);
    expect(malformed.json()).toMatchObject({ code: 'MALFORMED_JSON' });
    expect(malformed.headers.connection).toBe('close');
    expect((await post(fastify, 'channel=phone', 'text/plain')).statusCode).toBe(415);
  });
});

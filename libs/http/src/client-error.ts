// Requests so malformed that no HTTP request comes out of them (bad framing, headers too large,
// too slow) never reach Fastify's routing or Nest's filter; node hands them to this handler with
// the bare socket. They get the same error body as every other refusal, then the socket closes.
import type { Socket } from 'node:net';
import { STATUS_CODES } from 'node:http';
import { toBody } from './error-body';
import { RefusedRequest } from './refused-request';

export function answerClientError(error: Error & { code?: string }, socket: Socket): void {
  // A reset connection has nobody left to answer.
  if (error.code === 'ECONNRESET' || socket.destroyed) return;
  const refusal =
    error.code === 'ERR_HTTP_REQUEST_TIMEOUT'
      ? new RefusedRequest(408, 'REQUEST_TIMEOUT', 'the request was not received in time', 'request')
      : error.code === 'HPE_HEADER_OVERFLOW'
        ? new RefusedRequest(431, 'HEADERS_TOO_LARGE', 'the request headers exceed the allowed size', 'headers')
        : new RefusedRequest(400, 'MALFORMED_REQUEST', 'the request is not well-formed HTTP/1.1', 'request');
  const body = JSON.stringify(toBody(refusal));
  if (socket.writable) {
    socket.write(
      `HTTP/1.1 ${refusal.statusCode} ${STATUS_CODES[refusal.statusCode]}\r\nConnection: close\r\n` +
        `Content-Type: application/json; charset=utf-8\r\nContent-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
    );
  }
  socket.destroy();
}

import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { runFixedRateLoad } from './fixed-rate-load.js';

let server: Server | undefined;

/** A real HTTP server on loopback; `respond` picks the status and whether to close. */
async function serve(respond: (n: number) => { status: number; close: boolean }): Promise<number> {
  let served = 0;
  server = createServer((_req, res) => {
    const { status, close } = respond(++served);
    res.writeHead(status, { 'Content-Length': '2', ...(close ? { Connection: 'close' } : {}) });
    res.end('ok');
  });
  await new Promise<void>((resolve) => server?.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}

afterEach(async () => {
  server?.closeAllConnections();
  await new Promise((resolve) => server?.close(resolve));
});

const options = { path: '/', rate: 400, connections: 3, durationMs: 500, warmupMs: 100 };

describe('runFixedRateLoad', () => {
  it('sends every request due in the window and times each one', async () => {
    const port = await serve(() => ({ status: 200, close: false }));
    const result = await runFixedRateLoad({ ...options, port });
    expect(result.due).toBe(200);
    expect(result.completed).toBe(200);
    expect(result.answeredTotal).toBe(240);
    expect(result.errors).toBe(0);
    expect(result.unsent).toBe(0);
    expect(result.p50Us).toBeGreaterThan(0);
    expect(result.p99Us).toBeGreaterThanOrEqual(result.p50Us);
  });

  it('reconnects when the server ends a connection, losing no request', async () => {
    const port = await serve((n) => ({ status: 200, close: n % 7 === 0 }));
    const result = await runFixedRateLoad({ ...options, port });
    expect(result.completed).toBe(result.due);
    expect(result.errors).toBe(0);
  });

  it('counts non-200 responses as errors, not as completed requests', async () => {
    const port = await serve((n) => ({ status: n % 4 === 0 ? 403 : 200, close: false }));
    const result = await runFixedRateLoad({ ...options, port });
    expect(result.errors).toBe(60);
    expect(result.answeredTotal).toBe(180);
  });
});

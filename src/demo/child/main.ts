/**
 * Entry point of one demo process (a service or the load generator): `node main.js <config>`.
 * It takes its title first, so that every packet it sends is already under its own name, then
 * serves HTTP on a free loopback port and tells the parent which one over IPC.
 */
import { createServer, type IncomingMessage } from 'node:http';
import { processTitle, type ChildConfig } from '../child-config.js';
import { startLoad } from './load-generator.js';
import { memoryProducts, postgresProducts, type Products } from './products.js';
import { catalog, checkout, frontend, payments, reply, type Handler } from './services.js';
import { Upstreams } from './upstream.js';

const MAX_REQUEST_BYTES = 64 * 1024;

async function productStore(config: ChildConfig): Promise<Products> {
  if (config.postgresPort === undefined) return memoryProducts();
  try {
    return await postgresProducts(config.postgresPort);
  } catch (error) {
    process.stderr.write(
      `demo-catalog: PostgreSQL unusable, products in memory: ${String(error)}\n`,
    );
    return memoryProducts();
  }
}

async function handlerFor(config: ChildConfig): Promise<Handler> {
  const upstreams = new Upstreams(config);
  switch (config.role) {
    case 'frontend':
      return frontend(upstreams);
    case 'catalog':
      return catalog(await productStore(config));
    case 'checkout':
      return checkout(upstreams);
    case 'payments':
      return payments();
    case 'loadgen':
      return startLoad(upstreams, config.rate ?? 30);
  }
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) {
    if (text.length < MAX_REQUEST_BYTES) text += String(chunk);
  }
  return text;
}

async function main(): Promise<void> {
  const config = JSON.parse(process.argv[2] ?? '{}') as ChildConfig;
  process.title = processTitle(config.role);
  // The parent owns this process: when it goes, so does this one.
  process.on('disconnect', () => process.exit(0));
  const handle = await handlerFor(config);
  const server = createServer((req, res) => {
    void readBody(req)
      .then((body) => handle(req.method ?? 'GET', req.url ?? '/', body))
      .catch((error: unknown) => reply(503, { error: String(error) }))
      .then(({ status, body }) => {
        res.writeHead(status, { 'content-type': 'application/json' }).end(body);
      });
  });
  server.listen(0, '127.0.0.1', () => {
    const address = server.address();
    process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });
  });
}

await main();

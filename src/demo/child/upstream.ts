import { Resolver } from 'node:dns/promises';
import { request } from 'node:http';
import { demoHostName, type ChildConfig, type ServiceRole } from '../child-config.js';

export interface Reply {
  readonly status: number;
  readonly body: string;
}

/** A reply body larger than this is cut: demo services send a few hundred bytes. */
const MAX_BODY_BYTES = 64 * 1024;
const TIMEOUT_MS = 5000;

/**
 * Calls the other demo services by name. Every call looks the name up first (the answers have
 * TTL 0 and nothing caches them), so DNS traffic flows as steadily as HTTP, and opens a fresh
 * connection, as a service without connection pooling does.
 */
export class Upstreams {
  private readonly resolver: Resolver | undefined;

  constructor(private readonly config: ChildConfig) {
    if (config.dnsPort !== undefined) {
      this.resolver = new Resolver({ timeout: 1000, tries: 2 });
      this.resolver.setServers([`127.0.0.1:${config.dnsPort}`]);
    }
  }

  async call(service: ServiceRole, method: string, path: string, body?: string): Promise<Reply> {
    const port = this.config.upstreams[service];
    if (port === undefined) throw new Error(`no port for ${service}`);
    const name = demoHostName(service);
    const address = (await this.resolver?.resolve4(name))?.[0] ?? '127.0.0.1';
    return send({ address, port, name, method, path, body });
  }
}

interface Outgoing {
  readonly address: string;
  readonly port: number;
  readonly name: string;
  readonly method: string;
  readonly path: string;
  readonly body: string | undefined;
}

function send(out: Outgoing): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: out.address,
        port: out.port,
        method: out.method,
        path: out.path,
        agent: false,
        timeout: TIMEOUT_MS,
        headers: {
          host: `${out.name}:${out.port}`,
          ...(out.body === undefined ? {} : { 'content-type': 'application/json' }),
        },
      },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          if (text.length < MAX_BODY_BYTES) text += chunk;
        });
        res.on('end', () => {
          resolve({ status: res.statusCode ?? 0, body: text });
        });
        res.on('error', reject);
      },
    );
    req.on('timeout', () => req.destroy(new Error(`${out.name}: timed out`)));
    req.on('error', reject);
    req.end(out.body);
  });
}

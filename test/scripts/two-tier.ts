/**
 * A two-tier HTTP app on loopback for the live script tests: a client process sends `count`
 * requests to a front server, which calls a back server once per request. Each process names
 * itself (process.title, hence /proc/<pid>/comm and px's service `host/<name>`) with a tag
 * unique to the test run, so rows of other traffic on the host never match.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createInterface } from 'node:readline';

/** Each request is new connection (agent: false), so connections equal requests. */
const APP = `
const http = require('node:http');
const [role, name, target, count] = process.argv.slice(1);
process.title = name;
const get = (port, path) => new Promise((resolve, reject) => {
  http.get({ host: '127.0.0.1', port: Number(port), path, agent: false }, (res) => {
    res.resume();
    res.on('end', () => resolve(res.statusCode));
  }).on('error', reject);
});
const serve = (handle) => {
  const server = http.createServer((req, res) => {
    handle(req.url).then((status) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ status }));
    });
  });
  server.listen(0, '127.0.0.1', () => console.log(server.address().port));
};
if (role === 'back') {
  // /api/items/<id>?v=1: every 4th id fails.
  serve(async (url) => (Number(url.split('/')[3].split('?')[0]) % 4 === 0 ? 500 : 200));
} else if (role === 'front') {
  serve(async (url) => {
    const status = await get(target, '/api' + url + '?v=1');
    return status === 200 ? 200 : 502;
  });
} else {
  (async () => {
    for (let id = 1; id <= Number(count); id++) await get(target, '/items/' + id);
    console.log('done');
  })();
}`;

export interface TwoTierApp {
  /** The service names px gives the processes: `host/<name>`. */
  readonly client: string;
  readonly front: string;
  readonly back: string;
  /** The tag in every name, for "contains" filters. */
  readonly tag: string;
  /** Runs the client to completion: `count` requests, every 4th failing (ids 4, 8, ...). */
  drive(count: number): Promise<void>;
  stop(): void;
}

interface Started {
  readonly child: ChildProcess;
  readonly line: Promise<string>;
}

function start(role: string, name: string, target = '', count = ''): Started {
  const child = spawn(process.execPath, ['-e', APP, role, name, target, count], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const lines = createInterface({ input: child.stdout as NodeJS.ReadableStream });
  const line = new Promise<string>((resolve, reject) => {
    lines.once('line', resolve);
    child.once('exit', (code) => reject(new Error(`${name} exited (${code}) before answering`)));
  });
  return { child, line };
}

export async function startTwoTierApp(): Promise<TwoTierApp> {
  const tag = randomBytes(3).toString('hex');
  const names = { client: `pxc-${tag}`, front: `pxf-${tag}`, back: `pxb-${tag}` };
  const back = start('back', names.back);
  const backPort = await back.line;
  const front = start('front', names.front, backPort);
  const frontPort = await front.line;
  return {
    client: `host/${names.client}`,
    front: `host/${names.front}`,
    back: `host/${names.back}`,
    tag,
    drive: async (count) => {
      const client = start('client', names.client, frontPort, String(count));
      await client.line;
    },
    stop: () => {
      back.child.kill();
      front.child.kill();
    },
  };
}

/**
 * A bounded DNS query loop over UDP: a few sockets, each keeping a small window of queries in
 * flight and sending the next one as each reply lands. It waits for the stragglers at the end
 * so every query in the capture has its reply (px reports unanswered queries as rows).
 */
import { createSocket, type Socket } from 'node:dgram';
import { sleep } from './processes.js';

const SOCKETS = 4;
const WINDOW = 4;
const QTYPE_A = 1;
const QTYPE_AAAA = 28;
/** A reply later than this is given up on (loopback answers in well under a millisecond). */
const LOST_AFTER_MS = 1000;

export interface DnsLoad {
  sent: number;
  answered: number;
  lost: number;
}

function query(id: number, name: string, qtype: number): Buffer {
  const labels = name.split('.').map((l) => Buffer.concat([Buffer.of(l.length), Buffer.from(l)]));
  const header = Buffer.alloc(12);
  header.writeUInt16BE(id, 0);
  header.writeUInt16BE(0x0100, 2); // standard query, recursion desired
  header.writeUInt16BE(1, 4);
  const tail = Buffer.alloc(5);
  tail.writeUInt16BE(qtype, 1);
  tail.writeUInt16BE(1, 3); // class IN
  return Buffer.concat([header, ...labels, tail]);
}

class QueryLoop {
  private readonly socket: Socket = createSocket('udp4');
  private readonly waiting = new Map<number, number>();
  private nextId: number;
  private stopping = false;

  constructor(
    private readonly port: number,
    private readonly zone: string,
    private readonly budget: { remaining: number },
    private readonly totals: DnsLoad,
    seed: number,
  ) {
    this.nextId = (seed * 9973) & 0xffff;
    this.socket.on('message', (reply) => {
      if (reply.length < 2 || !this.waiting.delete(reply.readUInt16BE(0))) return;
      this.totals.answered++;
      this.fill();
    });
  }

  start(): void {
    this.socket.on('error', () => undefined);
    this.fill();
  }

  /** Stops sending and waits (bounded) for the replies still due. */
  async drain(): Promise<void> {
    this.stopping = true;
    const deadline = Date.now() + LOST_AFTER_MS;
    while (this.waiting.size > 0 && Date.now() < deadline) await sleep(10);
    this.totals.lost += this.waiting.size;
    this.socket.close();
  }

  /** Forgets queries whose reply never came, so the window keeps moving. */
  expire(now: number): void {
    for (const [id, sentAt] of this.waiting) {
      if (now - sentAt < LOST_AFTER_MS) continue;
      this.waiting.delete(id);
      this.totals.lost++;
    }
    this.fill();
  }

  private fill(): void {
    while (!this.stopping && this.waiting.size < WINDOW && this.budget.remaining > 0) {
      const id = this.nextId;
      this.nextId = (this.nextId + 1) & 0xffff;
      if (this.waiting.has(id)) return;
      this.budget.remaining--;
      const n = this.totals.sent++;
      const name = `host${n % 512}.${this.zone}`;
      this.waiting.set(id, Date.now());
      this.socket.send(query(id, name, n % 4 === 3 ? QTYPE_AAAA : QTYPE_A), this.port, '127.0.0.1');
    }
  }
}

/** Queries `port` until `seconds` pass or `maxQueries` are sent, whichever is first. */
export async function runDnsLoad(
  port: number,
  zone: string,
  seconds: number,
  maxQueries: number,
): Promise<DnsLoad> {
  const totals: DnsLoad = { sent: 0, answered: 0, lost: 0 };
  const budget = { remaining: maxQueries };
  const loops = Array.from(
    { length: SOCKETS },
    (_, i) => new QueryLoop(port, zone, budget, totals, i + 1),
  );
  for (const loop of loops) loop.start();
  const end = Date.now() + seconds * 1000;
  while (Date.now() < end && budget.remaining > 0) {
    await sleep(100);
    for (const loop of loops) loop.expire(Date.now());
  }
  await Promise.all(loops.map((loop) => loop.drain()));
  return totals;
}

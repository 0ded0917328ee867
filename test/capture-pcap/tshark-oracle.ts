/**
 * tshark as an independent oracle for what a capture holds: frame count, packets per stream,
 * and each stream's reassembled bytes (`-z follow,<proto>,raw`), including where it reports
 * bytes missing from the capture.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface FollowedRun {
  /** "addr:port" of the sender. */
  readonly from: string;
  readonly offset: number;
  readonly hex: string;
}

export interface FollowedStream {
  readonly nodes: readonly [string, string];
  /** TCP: contiguous runs per sender (a new run after a hole). UDP: one entry per datagram. */
  readonly runs: readonly FollowedRun[];
}

export interface TsharkView {
  readonly frames: number;
  readonly streams: Map<string, FollowedStream>;
}

const MISSING = /^\[(\d+) bytes missing in capture file\]\0?$/;

/** `streams` are keys like "tcp:0" or "udp:1". */
export async function tsharkView(file: string, streams: readonly string[]): Promise<TsharkView> {
  const follow = streams.flatMap((s) => {
    const [proto = '', id = ''] = s.split(':');
    return ['-z', `follow,${proto},raw,${id}`];
  });
  const { stdout } = await run(
    'tshark',
    ['-r', file, '-T', 'fields', '-e', 'frame.number', ...follow],
    {
      maxBuffer: 256 * 1024 * 1024,
    },
  );
  const [packetLines = '', ...blocks] = stdout.split(/^={20,}$/m);
  const frames = packetLines.split('\n').filter((l) => /^\d+$/.test(l.trim())).length;
  const followed = new Map<string, FollowedStream>();
  for (const block of blocks) {
    const filter = /^Filter: (tcp|udp)\.stream eq (\d+)$/m.exec(block);
    const node0 = /^Node 0: (.*)$/m.exec(block)?.[1];
    const node1 = /^Node 1: (.*)$/m.exec(block)?.[1];
    if (filter === null || node0 === undefined || node1 === undefined) continue;
    const tcp = filter[1] === 'tcp';
    const lines = block.split('\n').filter((l) => /^\t?[0-9a-f]+$/.test(l));
    followed.set(`${filter[1]}:${filter[2]}`, {
      nodes: [node0, node1],
      runs: tcp
        ? tcpRuns(lines, node0, node1)
        : lines.map((l) => ({
            from: l.startsWith('\t') ? node1 : node0,
            offset: 0,
            hex: l.trim(),
          })),
    });
  }
  return { frames, streams: followed };
}

function tcpRuns(lines: readonly string[], node0: string, node1: string): FollowedRun[] {
  const next = new Map<string, number>([
    [node0, 0],
    [node1, 0],
  ]);
  const open = new Map<string, { from: string; offset: number; hex: string }>();
  const out: { from: string; offset: number; hex: string }[] = [];
  for (const line of lines) {
    const from = line.startsWith('\t') ? node1 : node0;
    const hex = line.trim();
    const missing = MISSING.exec(Buffer.from(hex, 'hex').toString('latin1'));
    const offset = next.get(from) ?? 0;
    if (missing !== null) {
      next.set(from, offset + Number(missing[1]));
      open.delete(from);
      continue;
    }
    const current = open.get(from);
    if (current === undefined) {
      const started = { from, offset, hex };
      out.push(started);
      open.set(from, started);
    } else {
      current.hex += hex;
    }
    next.set(from, offset + hex.length / 2);
  }
  return out;
}

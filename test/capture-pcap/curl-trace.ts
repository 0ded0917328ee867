/** Reads what curl really sent and received from its `--trace` hex dump. */
import { readFileSync } from 'node:fs';

export interface CurlTraffic {
  readonly sent: Buffer;
  readonly received: Buffer;
}

const SECTION = /^(=>|<=) (?:Send|Recv) (?:header|data), (\d+) bytes/;
/** An offset (4 hex digits, more in sections over 64 KiB), then up to 16 hex byte groups. */
const HEX_LINE = /^[0-9a-f]{4,}: /;

export function readCurlTrace(path: string): CurlTraffic {
  const sent: Buffer[] = [];
  const received: Buffer[] = [];
  let current: { into: Buffer[]; left: number; bytes: number[] } | undefined;
  const finish = () => {
    if (current !== undefined) current.into.push(Buffer.from(current.bytes));
    current = undefined;
  };
  for (const line of readFileSync(path, 'latin1').split('\n')) {
    const section = SECTION.exec(line);
    if (section !== null) {
      finish();
      current = {
        into: section[1] === '=>' ? sent : received,
        left: Number(section[2]),
        bytes: [],
      };
    } else if (current !== undefined && HEX_LINE.test(line)) {
      // 16 "xx " groups after the "0000: " prefix; the ASCII column follows them
      const groups = line
        .slice(6, 6 + 48)
        .trim()
        .split(/\s+/);
      for (const g of groups.slice(0, current.left)) current.bytes.push(parseInt(g, 16));
      current.left -= Math.min(groups.length, current.left);
    } else if (!line.startsWith(' ')) {
      finish();
    }
  }
  finish();
  return { sent: Buffer.concat(sent), received: Buffer.concat(received) };
}

import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { packageRoot } from '../../../shared/paths.js';
import {
  ABI_VERSION,
  COMM_BYTES,
  ConnCloseRecord,
  ConnOpenRecord,
  DatagramRecord,
  DataRecord,
  Endpoint,
  Header,
  KernelDirection,
  RecordKind,
} from './layout.js';

const header = readFileSync(join(packageRoot(), 'native', 'bpf', 'socket_trace.h'), 'utf8');

const STRUCTS: Record<string, Readonly<Record<string, number>>> = {
  px_event_header: Header,
  px_endpoint: Endpoint,
  px_conn_open: ConnOpenRecord,
  px_conn_close: ConnCloseRecord,
  px_data: DataRecord,
  px_datagram: DatagramRecord,
};

const camel = (snake: string): string =>
  snake.replace(/_([a-z])/g, (_, c: string) => c.toUpperCase());

function defineValue(name: string): number {
  const match = new RegExp(`^\\s*(?:#define\\s+${name}\\s+|${name}\\s*=\\s*)(\\d+)`, 'm').exec(
    header,
  );
  if (match?.[1] === undefined) throw new Error(`${name} not found in socket_trace.h`);
  return Number(match[1]);
}

describe('record layout agrees with native/bpf/socket_trace.h', () => {
  it('has the same sizes', () => {
    const sizes = [...header.matchAll(/^PX_SIZE\((\w+), (\d+)\);/gm)];
    expect(sizes.map((m) => m[1]).sort()).toEqual(Object.keys(STRUCTS).sort());
    for (const [, struct = '', size] of sizes)
      expect(STRUCTS[struct]?.['size'], struct).toBe(Number(size));
  });

  it('has the same field offsets, and every field the decoder reads is pinned in C', () => {
    const offsets = [...header.matchAll(/^PX_OFFSET\((\w+), (\w+), (\d+)\);/gm)];
    const pinned = new Set<string>();
    for (const [, struct = '', field = '', offset] of offsets) {
      const key = camel(field);
      pinned.add(`${struct}.${key}`);
      expect(STRUCTS[struct]?.[key], `${struct}.${field}`).toBe(Number(offset));
    }
    for (const [struct, fields] of Object.entries(STRUCTS)) {
      for (const field of Object.keys(fields)) {
        if (field !== 'size') expect(pinned, `${struct}.${field}`).toContain(`${struct}.${field}`);
      }
    }
  });

  it('has the same constants', () => {
    expect(defineValue('PX_ABI_VERSION')).toBe(ABI_VERSION);
    expect(defineValue('PX_COMM_BYTES')).toBe(COMM_BYTES);
    expect(defineValue('PX_EV_CONN_OPEN')).toBe(RecordKind.connOpen);
    expect(defineValue('PX_EV_CONN_CLOSE')).toBe(RecordKind.connClose);
    expect(defineValue('PX_EV_DATA')).toBe(RecordKind.data);
    expect(defineValue('PX_EV_DATAGRAM')).toBe(RecordKind.datagram);
    expect(defineValue('PX_DIR_EGRESS')).toBe(KernelDirection.egress);
    expect(defineValue('PX_DIR_INGRESS')).toBe(KernelDirection.ingress);
  });
});

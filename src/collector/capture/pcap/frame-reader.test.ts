import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { writePcap, writePcapng } from '../../../../test/capture-pcap/capture-writer.js';
import type { FrameSpec } from '../../../../test/capture-pcap/capture-writer.js';
import { emptyCaptureStats } from './capture-stats.js';
import { FrameReader } from './frame-reader.js';
import type { RawFrame } from './record-format.js';

const T0 = 1_700_000_000_123_456_789n;

function readAll(file: Uint8Array, chunkSize = file.length || 1) {
  const stats = emptyCaptureStats();
  const reader = new FrameReader(stats);
  const frames: RawFrame[] = [];
  for (let at = 0; at < file.length; at += chunkSize) {
    reader.push(file.subarray(at, at + chunkSize));
    frames.push(...reader.frames());
  }
  reader.end();
  return { frames, stats };
}

const specs: FrameSpec[] = [
  { timeNs: T0, data: new Uint8Array([1, 2, 3]) },
  { timeNs: T0 + 1_000n, data: new Uint8Array(0) },
  { timeNs: T0 + 2_000_000_000n, data: new Uint8Array(1500).fill(7) },
];

describe('pcap files', () => {
  for (const littleEndian of [true, false]) {
    it(`reads ${littleEndian ? 'little' : 'big'}-endian microsecond pcap`, () => {
      const { frames, stats } = readAll(writePcap(specs, { linkType: 1, littleEndian }));
      expect(frames.map((f) => f.data.length)).toEqual([3, 0, 1500]);
      expect(frames.every((f) => f.linkType === 1)).toBe(true);
      // microsecond files lose the nanoseconds
      expect(frames[0]?.timeNs).toBe(T0 - 789n);
      expect(stats.frames).toBe(3);
      expect(stats.capturedBytes).toBe(1503);
      expect(stats.formatError).toBeUndefined();
    });

    it(`reads ${littleEndian ? 'little' : 'big'}-endian nanosecond pcap`, () => {
      const { frames } = readAll(writePcap(specs, { linkType: 113, littleEndian, nanos: true }));
      expect(frames.map((f) => f.timeNs)).toEqual(specs.map((s) => s.timeNs));
      expect(frames[0]?.linkType).toBe(113);
      expect([...(frames[0]?.data ?? [])]).toEqual([1, 2, 3]);
    });
  }

  it('masks the FCS flag bits out of the link type', () => {
    const file = writePcap(specs, { linkType: 1 });
    new DataView(file.buffer).setUint32(20, 0x1400_0001, true);
    expect(readAll(file).frames[0]?.linkType).toBe(1);
  });

  it('counts a record cut short at the end of the file', () => {
    const file = writePcap(specs, { linkType: 1 });
    const { frames, stats } = readAll(file.subarray(0, file.length - 100));
    expect(frames).toHaveLength(2);
    expect(stats.truncatedTailBytes).toBe(16 + 1400);
    expect(stats.formatError).toBeUndefined();
  });

  it('stops on an impossible record length instead of buffering the file', () => {
    const file = writePcap(specs, { linkType: 1 });
    new DataView(file.buffer).setUint32(24 + 8, 0x7fff_ffff, true);
    const { frames, stats } = readAll(file);
    expect(frames).toHaveLength(0);
    expect(stats.formatError).toMatch(/captured bytes/);
  });
});

describe('pcapng files', () => {
  for (const littleEndian of [true, false]) {
    it(`reads ${littleEndian ? 'little' : 'big'}-endian sections with per-interface link types and resolutions`, () => {
      const file = writePcapng(
        [
          { timeNs: T0, data: new Uint8Array([1]), iface: 0 },
          { timeNs: T0, data: new Uint8Array([2, 2]), iface: 1 },
          { timeNs: T0, data: new Uint8Array([3, 3, 3]), iface: 2 },
          { timeNs: T0, data: new Uint8Array([4, 4, 4, 4]), simple: true },
        ],
        {
          littleEndian,
          interfaces: [
            { linkType: 1 }, // default resolution: microseconds
            { linkType: 276, tsresol: 9 }, // nanoseconds
            { linkType: 101, tsresol: 0x80 | 30 }, // 2^-30 s
          ],
        },
      );
      const { frames, stats } = readAll(file);
      expect(frames.map((f) => [f.linkType, f.data.length])).toEqual([
        [1, 1],
        [276, 2],
        [101, 3],
        [1, 4],
      ]);
      expect(frames[0]?.timeNs).toBe(T0 - 789n);
      expect(frames[1]?.timeNs).toBe(T0);
      // 2^-30 s units are ~0.93 ns: the round trip may lose up to a unit
      expect(Number(T0 - (frames[2]?.timeNs ?? 0n))).toBeLessThanOrEqual(1);
      // a Simple Packet Block has no timestamp: it inherits the last one
      expect(frames[3]?.timeNs).toBe(frames[2]?.timeNs);
      expect(stats.malformed).toBe(0);
    });
  }

  it('converts timestamps of every decimal resolution, across changes of the high word', () => {
    const HOUR = 3_600_000_000_000n;
    // 2^32 ns is about 4.3 s and 2^32 µs 72 min: these times change the high word both ways
    const times = [T0, T0 + 5_000_000_000n, T0 + 3n * HOUR, T0 + 1n, T0 + 3n * HOUR + 7n];
    for (const tsresol of [1, 3, 6, 9, 10]) {
      const unitNs = 10n ** BigInt(Math.max(0, 9 - tsresol));
      const file = writePcapng(
        times.map((timeNs) => ({ timeNs, data: new Uint8Array([1]) })),
        { interfaces: [{ linkType: 1, tsresol }] },
      );
      const expected = times.map((t) => (t / unitNs) * unitNs);
      expect(
        readAll(file).frames.map((f) => f.timeNs),
        `tsresol ${tsresol}`,
      ).toEqual(expected);
    }
  });

  it('skips unknown blocks and reads a second section with the other byte order', () => {
    const first = writePcapng([{ timeNs: T0, data: new Uint8Array([1]) }], {
      interfaces: [{ linkType: 1 }],
    });
    const unknown = new Uint8Array(16);
    new DataView(unknown.buffer).setUint32(0, 0x0bad, true);
    new DataView(unknown.buffer).setUint32(4, 16, true);
    new DataView(unknown.buffer).setUint32(12, 16, true);
    const second = writePcapng([{ timeNs: T0, data: new Uint8Array([2, 2]) }], {
      littleEndian: false,
      interfaces: [{ linkType: 113, tsresol: 9 }],
    });
    const file = new Uint8Array([...first, ...unknown, ...second]);
    const { frames } = readAll(file);
    expect(frames.map((f) => [f.linkType, f.data.length, f.timeNs])).toEqual([
      [1, 1, T0 - 789n],
      [113, 2, T0],
    ]);
  });

  it('counts a packet block naming an interface that was never described', () => {
    const file = writePcapng([{ timeNs: T0, data: new Uint8Array([1]), iface: 3 }], {
      interfaces: [{ linkType: 1 }],
    });
    const { frames, stats } = readAll(file);
    expect(frames).toHaveLength(0);
    expect(stats.malformed).toBe(1);
  });

  it('rejects a block length that is not a multiple of four', () => {
    const file = writePcapng([{ timeNs: T0, data: new Uint8Array([1]) }], {
      interfaces: [{ linkType: 1 }],
    });
    const shbLength = new DataView(file.buffer).getUint32(4, true);
    new DataView(file.buffer).setUint32(shbLength + 4, 13, true);
    expect(readAll(file).stats.formatError).toMatch(/impossible length 13/);
  });
});

describe('the frame reader', () => {
  it('rejects files that are not captures', () => {
    expect(readAll(new TextEncoder().encode('GET / HTTP/1.1\r\n')).stats.formatError).toMatch(
      /unknown magic/,
    );
    expect(readAll(new Uint8Array([0xd4, 0xc3])).stats.formatError).toMatch(/too short/);
  });

  it('gives the same frames whatever the read size', () => {
    const pcap = writePcap(specs, { linkType: 1, nanos: true });
    const pcapng = writePcapng(specs, { interfaces: [{ linkType: 1, tsresol: 9 }] });
    for (const file of [pcap, pcapng]) {
      const whole = readAll(file).frames;
      fc.assert(
        fc.property(fc.integer({ min: 1, max: 64 }), (size) => {
          expect(readAll(file, size).frames).toEqual(whole);
        }),
      );
    }
  });

  it('never throws on corrupted files', () => {
    const pcap = writePcap(specs, { linkType: 1 });
    const pcapng = writePcapng(specs, { interfaces: [{ linkType: 1, tsresol: 9 }] });
    fc.assert(
      fc.property(
        fc.constantFrom(pcap, pcapng),
        fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 12 }),
        fc.nat(),
        (original, edits, cut) => {
          const file = original.slice(0, Math.max(4, original.length - (cut % 40)));
          for (const [at, value] of edits) file[at % file.length] = value;
          const { frames, stats } = readAll(file, 7);
          expect(frames.length).toBe(stats.frames);
        },
      ),
    );
  });
});

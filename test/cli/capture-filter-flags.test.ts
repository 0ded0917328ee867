/**
 * The capture filter flags (--pid, --process, --port) as a user meets them: in every capturing
 * command's help, and bad values refused as usage errors (exit 2) before anything starts.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { ROOT, runPx } from '../support/px-cli.js';

const PCAP = join(ROOT, 'test', 'fixtures', 'pcaps', 'zeek', 'http-get.pcap');

describe('capture filter flags', () => {
  it.each(['run', 'live', 'demo'])('px %s --help lists them', (command) => {
    const result = runPx([command, '--help']);
    expect(result.status).toBe(0);
    for (const flag of ['--pid <pid,...>', '--process <name,...>', '--port <port,...>']) {
      expect(result.stdout).toContain(flag);
    }
  });

  it.each([
    [
      ['run', 'px/http_data', '--pid', 'abc'],
      'invalid --pid "abc": a process id is a whole number',
    ],
    [['run', 'px/http_data', '--pid', '12,'], 'invalid --pid "": a process id'],
    [['run', 'px/http_data', '--port', '80,0'], 'invalid --port "0": a port is a whole number'],
    [['live', '--port', '70000'], 'invalid --port "70000"'],
    [['demo', '--pid', '-5'], 'invalid --pid "-5"'],
    [
      ['run', 'px/http_data', '--process', 'a-very-long-name'],
      'invalid --process "a-very-long-name": the kernel keeps only the first 15 bytes',
    ],
    [
      ['run', 'px/http_data', '--process', ''],
      'invalid --process "": a process name cannot be empty',
    ],
    [
      ['run', 'px/http_data', '--port', '80', '--pcap', PCAP],
      'filter live capture, not a capture file',
    ],
  ])('px %j exits 2 and says what is wrong', (args, message) => {
    const result = runPx(args);
    expect(result.stderr).toContain(message);
    expect(result.stderr).toContain('hint:');
    expect(result.status).toBe(2);
  });

  it('refuses more values than the kernel filter holds', () => {
    const pids = Array.from({ length: 257 }, (_, i) => i + 1).join(',');
    const result = runPx(['run', 'px/http_data', '--pid', pids]);
    expect(result.stderr).toContain('too many --pid values (257; at most 256)');
    expect(result.status).toBe(2);
  });
});

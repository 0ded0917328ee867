/**
 * px capturing in its own process, as it would on a node: `node px-capture-main.js <ebpf|pcap>
 * <server port>` prints "ready" once capture runs, and on SIGTERM stops, flushes and prints a
 * PxCaptureReport as one JSON line.
 */
import { startPxCapture, type CaptureMode } from './px-capture.js';

const mode = process.argv[2];
const port = Number(process.argv[3]);
if ((mode !== 'ebpf' && mode !== 'pcap') || !Number.isInteger(port)) {
  process.stderr.write('usage: px-capture-main.js <ebpf|pcap> <server port>\n');
  process.exit(2);
}
const capture = startPxCapture(mode satisfies CaptureMode, port);
// Whether the capture's own handles keep the event loop alive is not this script's business.
const keepAlive = setInterval(() => undefined, 60_000);
process.stdout.write('ready\n');
process.once('SIGTERM', () => {
  clearInterval(keepAlive);
  capture.stop().then(
    (report) => process.stdout.write(`${JSON.stringify(report)}\n`, () => process.exit(0)),
    (error: unknown) => {
      process.stderr.write(`px capture failed to stop: ${String(error)}\n`);
      process.exit(1);
    },
  );
});

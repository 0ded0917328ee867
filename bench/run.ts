import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { runCaptureOverhead } from './capture-overhead.js';
import { runCaptureParse } from './capture-parse.js';
import { runLiveView } from './live-view.js';
import { runPxlGroupBy } from './pxl-groupby.js';
import { runStoreAppend } from './store-append.js';
import { NODE_FLAGS } from '../src/cli/node-flags.js';

/**
 * `npm run bench [name...]`: runs the named benchmarks (all by default). Each prints its own
 * figures beside a peer measured in the same run, and the ratio.
 *
 * Each benchmark runs in a fresh process, as px itself does: what one leaves behind (a grown
 * heap, code compiled for other shapes) must not change the next one's figures. Capture-file
 * ingest took 0.60 s on its own and 0.74 s after store-append in the same process.
 */
const BENCHMARKS: Record<string, () => Promise<void>> = {
  'store-append': runStoreAppend,
  'capture-parse': runCaptureParse,
  'pxl-groupby': runPxlGroupBy,
  'capture-overhead': runCaptureOverhead,
  'live-view': runLiveView,
};

const wanted = process.argv.slice(2);
const unknown = wanted.filter((name) => !(name in BENCHMARKS));
if (unknown.length > 0) {
  console.error(
    `unknown benchmark(s): ${unknown.join(', ')}; have: ${Object.keys(BENCHMARKS).join(', ')}`,
  );
  process.exit(2);
}
// px's code runs in this process: measure it with the options bin/px runs it with.
const missing = NODE_FLAGS.filter((flag) => !process.execArgv.includes(flag));
if (missing.length > 0) {
  console.error(`run the benchmarks with px's Node options (${missing.join(' ')}): npm run bench`);
  process.exit(2);
}
const chosen = Object.keys(BENCHMARKS).filter(
  (name) => wanted.length === 0 || wanted.includes(name),
);
const [only] = chosen;
if (chosen.length === 1 && only !== undefined) {
  console.log(
    `px benchmarks on ${process.version} ${NODE_FLAGS.join(' ')}, ${new Date().toISOString()}`,
  );
  await BENCHMARKS[only]?.();
} else {
  for (const name of chosen) {
    const args = [...process.execArgv, fileURLToPath(import.meta.url), name];
    const { status } = spawnSync(process.execPath, args, { stdio: 'inherit' });
    if (status !== 0) process.exitCode = status ?? 1;
  }
}

/**
 * The benchmark's other processes, each run from its compiled entry beside this file: the
 * fixed-rate load generator, and px capturing. Both report one JSON line on stdout.
 */
import { runToEnd, startDaemon, waitFor } from '../capture/processes.js';
import type { FixedRateOptions, FixedRateResult } from './fixed-rate-load.js';
import type { CaptureMode, PxCaptureReport } from './px-capture.js';
import { NODE_FLAGS } from '../../src/cli/node-flags.js';

const entry = (name: string): string => new URL(`./${name}`, import.meta.url).pathname;

function lastJsonLine(stdout: string, what: string): unknown {
  const line = stdout.trim().split('\n').pop() ?? '';
  try {
    return JSON.parse(line);
  } catch {
    throw new Error(`${what} printed no report: ${stdout.slice(-2000)}`);
  }
}

export async function runLoad(options: FixedRateOptions): Promise<FixedRateResult> {
  const out = await runToEnd(process.execPath, [entry('load-main.js'), JSON.stringify(options)]);
  return lastJsonLine(out.stdout, 'the load generator') as FixedRateResult;
}

export interface PxProcess {
  /** Stops capture with SIGTERM and returns what px reported. */
  stop(): Promise<PxCaptureReport>;
}

/** Starts px capturing in its own process and waits until its capture is running. */
export async function startPx(mode: CaptureMode, port: number): Promise<PxProcess> {
  const daemon = startDaemon(`px (${mode})`, process.execPath, [
    ...NODE_FLAGS,
    entry('px-capture-main.js'),
    mode,
    String(port),
  ]);
  let stdout = '';
  daemon.child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  await waitFor(`px ${mode} capture to start`, () => {
    if (!daemon.running()) throw new Error(`px (${mode}) exited: ${daemon.output()}`);
    return stdout.startsWith('ready\n');
  });
  return {
    async stop() {
      await daemon.stop('SIGTERM');
      if (daemon.child.exitCode !== 0) {
        throw new Error(`px (${mode}) failed: ${daemon.output()}`);
      }
      return lastJsonLine(stdout, `px (${mode})`) as PxCaptureReport;
    },
  };
}

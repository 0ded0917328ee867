import { render } from 'ink';
import type { Script } from '../scripts/bundle.js';
import { LiveApp } from './app.js';
import type { LiveSource } from './live-source.js';

export interface LiveViewOptions {
  readonly source: LiveSource;
  readonly scripts: readonly Script[];
  readonly scriptName: string;
  readonly args: readonly string[];
  readonly refreshMs: number;
}

/** Ink's frame budget: a refresh and a few keys a second never need more. */
const MAX_FPS = 20;

/**
 * Runs the live view on the alternate screen (the shell's scrollback stays as it was) until
 * the user quits; resolves then.
 */
export async function showLiveView(options: LiveViewOptions): Promise<void> {
  const stdout = process.stdout;
  stdout.write('\x1b[?1049h\x1b[H');
  try {
    const instance = render(<LiveApp {...options} />, {
      exitOnCtrlC: false,
      maxFps: MAX_FPS,
      patchConsole: true,
    });
    await instance.waitUntilExit();
  } finally {
    stdout.write('\x1b[?1049l');
  }
}

import { render } from 'ink';
import { LiveApp, type LiveAppProps } from './app.js';

/** Ink's frame budget: a refresh and a few keys a second never need more. */
const MAX_FPS = 20;

/**
 * Runs the live view on the alternate screen (the shell's scrollback stays as it was) until
 * the user quits; resolves then.
 */
export async function showLiveView(options: LiveAppProps): Promise<void> {
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

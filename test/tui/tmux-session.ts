import { execFileSync, spawnSync } from 'node:child_process';
import { setTimeout as sleep } from 'node:timers/promises';

/**
 * A real terminal for end-to-end tests of `px live`: a detached tmux session running a
 * command, driven with send-keys and read with capture-pane.
 */
export class TmuxSession {
  private constructor(readonly name: string) {}

  static start(command: string, size: { columns: number; rows: number }): TmuxSession {
    const name = `px-test-${process.pid}-${Date.now()}`;
    execFileSync('tmux', [
      'new-session',
      '-d',
      '-s',
      name,
      '-x',
      String(size.columns),
      '-y',
      String(size.rows),
      command,
    ]);
    // Keep the pane after the command exits, so a crash's last screen can be read.
    execFileSync('tmux', ['set-option', '-t', name, 'remain-on-exit', 'on']);
    return new TmuxSession(name);
  }

  /** The visible screen, one string per line. */
  screen(): string {
    return execFileSync('tmux', ['capture-pane', '-p', '-t', this.name], { encoding: 'utf8' });
  }

  /** tmux key names (Enter, Tab, Escape, Down) or literal text with `literal`. */
  keys(keys: string, literal = false): void {
    execFileSync('tmux', ['send-keys', '-t', this.name, ...(literal ? ['-l'] : []), keys]);
  }

  resize(columns: number, rows: number): void {
    execFileSync('tmux', [
      'resize-window',
      '-t',
      this.name,
      '-x',
      String(columns),
      '-y',
      String(rows),
    ]);
  }

  /** Whether the command in the pane has exited. */
  exited(): boolean {
    const out = execFileSync('tmux', ['display-message', '-p', '-t', this.name, '#{pane_dead}'], {
      encoding: 'utf8',
    });
    return out.trim() === '1';
  }

  /** Polls the screen until `test` holds; fails with the last screen when it never does. */
  async waitFor(
    test: (screen: string) => boolean,
    what: string,
    timeoutMs = 30_000,
  ): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    let last = '';
    while (Date.now() < deadline) {
      last = this.screen();
      if (test(last)) return last;
      await sleep(200);
    }
    throw new Error(`timed out waiting for ${what}; the screen was:\n${last}`);
  }

  kill(): void {
    spawnSync('tmux', ['kill-session', '-t', this.name]);
  }
}

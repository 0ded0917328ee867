import type { Socket } from 'node:net';

/** Longest message accepted; a peer sending more is cut off rather than buffered forever. */
const MAX_LINE_CHARS = 256 * 1024 * 1024;

/**
 * JSON messages over a stream socket, one per line. Lines that are not JSON, or too long,
 * end the connection through `onClose(error)`; nothing a peer sends can throw past here.
 */
export class LineChannel {
  private pending: string[] = [];
  private pendingChars = 0;

  constructor(
    private readonly socket: Socket,
    onMessage: (message: unknown) => void,
    onClose: (error?: Error) => void,
  ) {
    socket.setEncoding('utf8');
    socket.on('data', (chunk: string) => {
      try {
        this.receive(chunk, onMessage);
      } catch (error) {
        socket.destroy(error instanceof Error ? error : new Error(String(error)));
      }
    });
    socket.on('error', (error) => {
      onClose(error);
    });
    socket.on('close', () => {
      onClose();
    });
  }

  send(message: unknown): void {
    if (!this.socket.destroyed) this.socket.write(`${JSON.stringify(message)}\n`);
  }

  close(): void {
    this.socket.end();
  }

  private receive(chunk: string, onMessage: (message: unknown) => void): void {
    let start = 0;
    for (let end = chunk.indexOf('\n'); end >= 0; end = chunk.indexOf('\n', start)) {
      this.pending.push(chunk.slice(start, end));
      const line = this.pending.join('');
      this.pending = [];
      this.pendingChars = 0;
      start = end + 1;
      onMessage(JSON.parse(line));
    }
    if (start < chunk.length) {
      this.pending.push(chunk.slice(start));
      this.pendingChars += chunk.length - start;
      if (this.pendingChars > MAX_LINE_CHARS) throw new Error('message too long');
    }
  }
}

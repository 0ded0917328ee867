import { BodyCapture } from './body-capture.js';
import type { RequestHead, ResponseHead } from './head.js';
import type { CompletedExchange } from './record.js';

/**
 * A request and the response that answers it, while they are read. One connection carries
 * many exchanges one after another, so an emitted exchange is restarted for the next request
 * (see HttpConnection) rather than leaving an object and two captures as garbage each time.
 */
export class Exchange {
  readonly requestBody: BodyCapture;
  readonly responseBody: BodyCapture;
  /** Time of the request's last byte; null while it is still arriving. */
  requestEndNs: bigint | null = null;
  /** The response head, once it arrived. */
  response: ResponseHead | null = null;
  responseEndNs: bigint | null = null;

  constructor(
    public request: RequestHead,
    /** Time of the latest request byte seen, used when the request never completes. */
    public requestLastNs: bigint,
    maxBodyBytes: number,
  ) {
    this.requestBody = new BodyCapture(maxBodyBytes);
    this.responseBody = new BodyCapture(maxBodyBytes);
  }

  /**
   * Empties the bodies once the exchange is recorded: they may borrow the input, which a spare
   * exchange must not keep alive.
   */
  retire(): void {
    this.requestBody.reset();
    this.responseBody.reset();
  }

  /** Starts a retired exchange over for the next request on the connection. */
  restart(request: RequestHead, timeNs: bigint): void {
    this.request = request;
    this.requestLastNs = timeNs;
    this.requestEndNs = null;
    this.response = null;
    this.responseEndNs = null;
  }

  /** Whether the response has ended, so the exchange can be recorded. */
  answered(): this is Exchange & CompletedExchange {
    return this.response !== null && this.responseEndNs !== null;
  }
}

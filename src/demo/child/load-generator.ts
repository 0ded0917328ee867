import { PRODUCT_COUNT } from './products.js';
import type { Handler } from './services.js';
import { reply } from './services.js';
import type { Upstreams } from './upstream.js';

/** What the load generator has seen, served on its own GET /stats. */
export interface LoadStats {
  sent: number;
  /** Requests that got an HTTP answer, of any status. */
  answered: number;
  /** Requests that got none (refused, reset, timed out). */
  failed: number;
  /** Answers by status code. */
  statuses: Record<string, number>;
}

/** Above this many unanswered requests the generator waits rather than pile on. */
const MAX_IN_FLIGHT = 256;

/** Shoppers: the home page, product pages (ids run past the catalog: some 404s), checkouts. */
function shopperRequest(): { path: string; body?: string } {
  const pick = Math.random();
  const id = 1 + Math.floor(Math.random() * (PRODUCT_COUNT + 2));
  if (pick < 0.4) return { path: '/' };
  if (pick < 0.8) return { path: `/products/${id}` };
  const order = { productId: 1 + (id % PRODUCT_COUNT), quantity: 1 + (id % 3) };
  return { path: '/checkout', body: JSON.stringify(order) };
}

/** Sends `rate` requests a second to the frontend, without waiting for answers. */
export function startLoad(upstreams: Upstreams, rate: number): Handler {
  const stats: LoadStats = { sent: 0, answered: 0, failed: 0, statuses: {} };
  let inFlight = 0;
  const sendOne = async (): Promise<void> => {
    const { path, body } = shopperRequest();
    const method = body === undefined ? 'GET' : 'POST';
    inFlight++;
    stats.sent++;
    try {
      const { status } = await upstreams.call('frontend', method, path, body);
      stats.answered++;
      stats.statuses[status] = (stats.statuses[status] ?? 0) + 1;
    } catch {
      stats.failed++;
    } finally {
      inFlight--;
    }
  };
  setInterval(() => {
    if (inFlight < MAX_IN_FLIGHT) void sendOne();
  }, 1000 / rate);
  return (method, path) =>
    Promise.resolve(method === 'GET' && path === '/stats' ? reply(200, stats) : reply(404, {}));
}

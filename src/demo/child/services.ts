import { setTimeout as sleep } from 'node:timers/promises';
import type { Products } from './products.js';
import type { Reply, Upstreams } from './upstream.js';

/** One request to a demo service: method, path and the body text. */
export type Handler = (method: string, path: string, body: string) => Promise<Reply>;

export function reply(status: number, value: unknown): Reply {
  return { status, body: JSON.stringify(value) };
}

const NOT_FOUND = reply(404, { error: 'not found' });

/** Shop front: the home page lists products, product pages and checkout go to the back end. */
export function frontend(upstreams: Upstreams): Handler {
  return async (method, path, body) => {
    const product = /^\/products\/(\d+)$/.exec(path);
    if (method === 'GET' && path === '/') {
      const list = await upstreams.call('catalog', 'GET', '/api/products');
      return list.status === 200 ? { status: 200, body: list.body } : reply(502, 'catalog down');
    }
    if (method === 'GET' && product !== null) {
      return upstreams.call('catalog', 'GET', `/api/products/${product[1] ?? ''}`);
    }
    if (method === 'POST' && path === '/checkout') {
      const order = await upstreams.call('checkout', 'POST', '/api/orders', body);
      return order.status < 500 ? order : reply(502, { error: 'checkout failed' });
    }
    return NOT_FOUND;
  };
}

/** Products from the catalog's store; ids past the last product are 404s. */
export function catalog(products: Products): Handler {
  return async (method, path) => {
    if (method !== 'GET') return NOT_FOUND;
    if (path === '/api/products') return reply(200, await products.list());
    const id = /^\/api\/products\/(\d+)$/.exec(path)?.[1];
    const product = id === undefined ? undefined : await products.byId(Number(id));
    return product === undefined ? NOT_FOUND : reply(200, product);
  };
}

/** Places an order: prices it with the catalog, then charges it through payments. */
export function checkout(upstreams: Upstreams): Handler {
  return async (method, path, body) => {
    if (method !== 'POST' || path !== '/api/orders') return NOT_FOUND;
    const order = parseOrder(body);
    if (order === undefined) return reply(400, { error: 'want {"productId": n, "quantity": n}' });
    const found = await upstreams.call('catalog', 'GET', `/api/products/${order.productId}`);
    if (found.status === 404) return reply(422, { error: 'no such product' });
    if (found.status !== 200) return reply(502, { error: 'catalog failed' });
    const amountCents = (JSON.parse(found.body) as { priceCents: number }).priceCents;
    const charge = JSON.stringify({ amountCents: amountCents * order.quantity });
    const paid = await upstreams.call('payments', 'POST', '/api/pay', charge);
    if (paid.status !== 200) return reply(502, { error: 'payment failed' });
    return reply(201, { ...order, amountCents: amountCents * order.quantity });
  };
}

function parseOrder(body: string): { productId: number; quantity: number } | undefined {
  try {
    const { productId, quantity } = JSON.parse(body) as Record<string, unknown>;
    if (Number.isInteger(productId) && Number.isInteger(quantity)) {
      return { productId: productId as number, quantity: quantity as number };
    }
  } catch {
    // not JSON: a 400 like any other malformed order
  }
  return undefined;
}

/** One charge in this many fails: every run shows payment errors, however short. */
const FAILING_CHARGE_EVERY = 10;

/** The slow one: a charge takes 300 ms or so, and one in ten fails. */
export function payments(): Handler {
  let charges = 0;
  return async (method, path) => {
    if (method !== 'POST' || path !== '/api/pay') return NOT_FOUND;
    await sleep(280 + Math.random() * 60);
    if (++charges % FAILING_CHARGE_EVERY === 0) return reply(500, { error: 'processor down' });
    return reply(200, { paid: true });
  };
}

import type { ProtocolSpec } from '../common/types.js';
import { detectHttp } from './detect.js';
import { HttpConnection } from './http-connection.js';

/** HTTP/1.x: requests paired with responses into http_events. */
export const httpSpec: ProtocolSpec = {
  name: 'http',
  table: 'http_events',
  detect: detectHttp,
  createConnection: (options) => new HttpConnection(options),
};

export { detectHttp } from './detect.js';
export { HttpConnection, MAX_PENDING_REQUESTS } from './http-connection.js';
export { httpSpec } from './http-spec.js';

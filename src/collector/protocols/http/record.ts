import type { ProtocolRecord } from '../common/types.js';
import type { BodyCapture } from './body-capture.js';
import { renderBody } from './body-render.js';
import type { RequestHead, ResponseHead } from './head.js';

/**
 * A request and its final response, both complete (or cut short and marked so). The time of
 * the request's end is passed beside it: a request that never completed has none.
 */
export interface CompletedExchange {
  readonly request: RequestHead;
  readonly requestBody: BodyCapture;
  readonly response: ResponseHead;
  readonly responseBody: BodyCapture;
  readonly responseEndNs: bigint;
}

/** content_type column: 2 when Content-Type names gRPC, 1 for JSON, else 0. */
function contentTypeCode(value: string | undefined): number {
  // Responses repeat their Content-Type: remembering the last answer saves lower-casing it.
  if (value === lastContentType) return lastContentTypeCode;
  const type = (value ?? '').toLowerCase();
  lastContentType = value;
  lastContentTypeCode = type.includes('grpc') ? 2 : type.includes('json') ? 1 : 0;
  return lastContentTypeCode;
}

let lastContentType: string | undefined;
let lastContentTypeCode = 0;

/**
 * One http_events row. The version is the response's (as in Pixie). content_type comes from
 * the response's Content-Type, or the request's when the response has none. Latency is the
 * time of the response's last byte minus the time of the request's last byte, in ns: on the
 * server side that is "request fully read -> response fully written" (Pixie's definition);
 * it is never negative (a server may answer before the upload ends).
 */
export function buildHttpRecord(
  exchange: CompletedExchange,
  requestEndNs: bigint,
  maxBodyBytes: number,
): ProtocolRecord {
  const { request, response } = exchange;
  const latency = exchange.responseEndNs - requestEndNs;
  return {
    table: 'http_events',
    timeNs: exchange.responseEndNs,
    values: {
      major_version: response.major,
      minor_version: response.minor,
      content_type: contentTypeCode(response.contentType ?? request.contentType),
      req_headers: request.headers.toJson(),
      req_method: request.method,
      req_path: request.target,
      req_body: renderBody(exchange.requestBody, request.contentCoding, maxBodyBytes),
      req_body_size: exchange.requestBody.size,
      resp_headers: response.headers.toJson(),
      resp_status: response.status,
      resp_message: response.reason,
      resp_body: renderBody(exchange.responseBody, response.contentCoding, maxBodyBytes),
      resp_body_size: exchange.responseBody.size,
      latency: latency > 0n ? Number(latency) : 0,
    },
  };
}

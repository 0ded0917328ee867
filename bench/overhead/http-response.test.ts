import { describe, expect, it } from 'vitest';
import { closesConnection, responseLength, statusCode } from './http-response.js';

const response = (headers: string, body: string): Buffer =>
  Buffer.from(`HTTP/1.1 200 OK\r\n${headers}\r\n\r\n${body}`, 'latin1');

describe('responseLength', () => {
  it('measures a response framed by Content-Length, whatever follows it', () => {
    const one = response('Server: nginx\r\ncontent-length: 5', 'hello');
    expect(responseLength(one)).toBe(one.length);
    expect(responseLength(Buffer.concat([one, one]))).toBe(one.length);
  });

  it('waits for the rest of the headers or body', () => {
    const whole = response('Content-Length: 5', 'hello');
    expect(responseLength(whole.subarray(0, 10))).toBe(0);
    expect(responseLength(whole.subarray(0, whole.length - 1))).toBe(0);
  });

  it('calls responses it cannot frame malformed instead of guessing', () => {
    expect(responseLength(response('Transfer-Encoding: chunked', '5\r\nhello'))).toBe(-1);
    expect(responseLength(Buffer.from('SSH-2.0-OpenSSH\r\n\r\n'))).toBe(-1);
    expect(responseLength(Buffer.alloc(20_000, 0x41))).toBe(-1);
  });
});

describe('closesConnection and statusCode', () => {
  it('reads Connection: close and the status of a complete response', () => {
    expect(closesConnection(response('Content-Length: 0\r\nConnection: close', ''))).toBe(true);
    expect(closesConnection(response('Content-Length: 0\r\nConnection: keep-alive', ''))).toBe(
      false,
    );
    expect(statusCode(response('Content-Length: 0', ''))).toBe(200);
    expect(statusCode(Buffer.from('HTTP/1.1 403 Forbidden\r\n\r\n'))).toBe(403);
    expect(statusCode(Buffer.from('HTTP/1.1 abc\r\n\r\n'))).toBe(0);
  });
});

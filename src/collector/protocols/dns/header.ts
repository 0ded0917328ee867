/** The fixed 12-byte header every DNS message starts with. */
export interface DnsHeader {
  readonly txid: number;
  /** The 16 flag bits: QR, opcode, AA, TC, RD, RA, Z, AD, CD, rcode. */
  readonly flags: number;
  readonly qdcount: number;
  readonly ancount: number;
  readonly nscount: number;
  readonly arcount: number;
}

/** Whether a message is a response (the QR bit). */
export function isResponse(header: DnsHeader): boolean {
  return (header.flags & 0x8000) !== 0;
}

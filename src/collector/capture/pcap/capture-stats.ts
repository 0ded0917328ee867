/**
 * Counters for one capture-file run. Every packet that is not turned into stream events is
 * counted in exactly one of these buckets, so losses are visible instead of silent.
 */
export interface CaptureStats {
  /** Packet records read from the file. */
  frames: number;
  /** Captured bytes of those records. */
  capturedBytes: number;
  /** Frames whose link, IP, TCP or UDP headers were truncated or inconsistent. */
  malformed: number;
  /** Frames that carry something other than IPv4/IPv6 (ARP, LLDP, STP, ...). */
  nonIp: number;
  /** Frames on a link type this reader does not decode. */
  unsupportedLinkType: number;
  /** IP packets that are neither TCP nor UDP (ICMP, ESP, ...). */
  otherTransport: number;
  /** Non-first IP fragments, skipped (their transport header is in the first fragment). */
  fragments: number;
  tcpSegments: number;
  udpDatagrams: number;
  /** UDP datagrams not delivered because only part was captured (snaplen or IP fragmentation). */
  incompleteDatagrams: number;
  /** Bytes at the end of the file that do not form a whole record (a capture cut short). */
  truncatedTailBytes: number;
  /** Why reading stopped early, when the file itself is unreadable or corrupt. */
  formatError: string | undefined;
  tcp: TcpStats;
}

export interface TcpStats {
  /** Connections opened (ConnOpen events). */
  connections: number;
  /** Stream bytes seen again below the delivered position: retransmissions and overlaps. */
  retransmittedBytes: number;
  /** Times the reassembler gave up waiting for missing bytes and jumped the offset. */
  gaps: number;
  /** Stream bytes skipped by those jumps. */
  gapBytes: number;
  /** Segments too far ahead of the stream to be plausible (beyond any TCP window), dropped. */
  outOfWindowSegments: number;
  /** Segments of a connection already closed (late retransmissions, stray ACK data), dropped. */
  afterCloseSegments: number;
  /** Connections closed early because the connection table was full. */
  evictedConnections: number;
}

export function emptyCaptureStats(): CaptureStats {
  return {
    frames: 0,
    capturedBytes: 0,
    malformed: 0,
    nonIp: 0,
    unsupportedLinkType: 0,
    otherTransport: 0,
    fragments: 0,
    tcpSegments: 0,
    udpDatagrams: 0,
    incompleteDatagrams: 0,
    truncatedTailBytes: 0,
    formatError: undefined,
    tcp: {
      connections: 0,
      retransmittedBytes: 0,
      gaps: 0,
      gapBytes: 0,
      outOfWindowSegments: 0,
      afterCloseSegments: 0,
      evictedConnections: 0,
    },
  };
}

/* SPDX-License-Identifier: (GPL-2.0 OR Apache-2.0) */
/*
 * The ring-buffer record layout shared by the BPF program, the addon and the TypeScript decoder
 * (src/collector/capture/ebpf/layout.ts mirrors the offsets; PX_SIZE/PX_OFFSET at the end pin
 * them at compile time, and layout.test.ts checks that both sides agree).
 *
 * Every record starts with struct px_event_header. Integers are little-endian (host order on the
 * machines we run on), ports are host order, addresses are network order. Records are versioned
 * by PX_ABI_VERSION: bump it when a layout changes.
 */
#ifndef PX_SOCKET_TRACE_H
#define PX_SOCKET_TRACE_H

#define PX_ABI_VERSION 2

/* Bytes copied per ring-buffer record; a syscall's capture is split into records of this size. */
#define PX_CHUNK_BYTES 16384
/* Bytes copied per datagram (DNS over UDP stays far below). */
#define PX_DATAGRAM_BYTES (PX_CHUNK_BYTES / 2)
/* Upper bound on max_capture_bytes (per syscall, or per message for *mmsg). */
#define PX_MAX_CAPTURE_BYTES (4 * PX_CHUNK_BYTES)
/* iovecs inspected per message; bytes in later iovecs become a gap (counted). */
#define PX_MAX_IOV 8
/* Messages inspected per sendmmsg/recvmmsg call (glibc sends A and AAAA as two). */
#define PX_MAX_MMSG 8
/* A task's command name (TASK_COMM_LEN): up to 15 bytes, NUL-padded. */
#define PX_COMM_BYTES 16
/* Values per capture filter (pids, process names, ports). */
#define PX_MAX_FILTER_VALUES 256

enum px_event_kind {
	PX_EV_CONN_OPEN = 1,
	PX_EV_CONN_CLOSE = 2,
	PX_EV_DATA = 3,
	PX_EV_DATAGRAM = 4,
};

enum px_direction {
	PX_DIR_EGRESS = 0,
	PX_DIR_INGRESS = 1,
};

/* Pixie's trace_role bits. */
enum px_role {
	PX_ROLE_CLIENT = 1,
	PX_ROLE_SERVER = 2,
	PX_ROLE_UNKNOWN = 4,
};

/* The syscall behind a record. */
enum px_source {
	PX_SRC_READ = 1,
	PX_SRC_WRITE = 2,
	PX_SRC_READV = 3,
	PX_SRC_WRITEV = 4,
	PX_SRC_RECVFROM = 5,
	PX_SRC_SENDTO = 6,
	PX_SRC_RECVMSG = 7,
	PX_SRC_SENDMSG = 8,
	PX_SRC_RECVMMSG = 9,
	PX_SRC_SENDMMSG = 10,
	PX_SRC_SENDFILE = 11,
	PX_SRC_CONNECT = 12,
	PX_SRC_ACCEPT = 13,
	PX_SRC_CLOSE = 14,
};

/* Indices of the per-CPU counter array (map "counters"). */
enum px_counter {
	/* Records the ring buffer had no room for. */
	PX_CNT_RINGBUF_DROPS = 0,
	/* bpf_probe_read_user failures: the record went out with no bytes (a gap). */
	PX_CNT_READ_ERRORS = 1,
	/* Messages with more than PX_MAX_IOV iovecs carrying data. */
	PX_CNT_IOV_LIMIT = 2,
	/* *mmsg calls that moved more than PX_MAX_MMSG messages. */
	PX_CNT_MMSG_LIMIT = 3,
	/* Connection-table inserts that failed. */
	PX_CNT_CONN_TABLE_FULL = 4,
	/* An fd seen with a different socket than recorded: its close was missed. */
	PX_CNT_STALE_CONN = 5,
	PX_CNT__COUNT = 6,
};

/* A key of the process-name filter map: the name NUL-padded, as the kernel's comm is read. */
struct px_comm_key {
	char name[PX_COMM_BYTES];
};

struct px_event_header {
	__u64 timestamp_ns; /* CLOCK_MONOTONIC (bpf_ktime_get_ns) */
	__u16 kind;         /* enum px_event_kind */
	__u8 source;        /* enum px_source */
	__u8 abi_version;   /* PX_ABI_VERSION */
	__u32 tgid;
	__u64 conn_id; /* 0 on datagrams */
};

struct px_endpoint {
	__u8 addr[16]; /* IPv4 in the first 4 bytes */
	__u16 family;  /* AF_INET (2), AF_INET6 (10) or 0 when unknown */
	__u16 port;
};

struct px_conn_open {
	struct px_event_header hdr;
	__u64 proc_start_ns; /* the process's start_boottime, as /proc/<pid>/stat's starttime */
	__s32 fd;
	__u8 role;     /* enum px_role */
	__u8 protocol; /* IPPROTO_TCP */
	__u16 reserved;
	struct px_endpoint local;
	struct px_endpoint remote;
	char comm[PX_COMM_BYTES]; /* the process's name, as /proc/<pid>/comm */
};

struct px_conn_close {
	struct px_event_header hdr;
	__u64 bytes_sent;     /* egress stream length */
	__u64 bytes_received; /* ingress stream length */
	__s32 fd;
	__u32 reserved;
};

/*
 * Bytes of one direction of a connection. The record covers stream bytes
 * [offset, offset + length); the first `captured` of them follow the header. Consecutive
 * records of a connection are contiguous: truncation shows as captured < length. No process
 * fields: the connection's PX_EV_CONN_OPEN names the process, and chunks stay small.
 */
struct px_data {
	struct px_event_header hdr;
	__u64 offset;
	__u32 length;
	__u32 captured;
	__u8 direction; /* enum px_direction */
	__u8 reserved[7];
	__u8 payload[];
};

/* One UDP message with its own addressing (a server serves every peer on one fd). */
struct px_datagram {
	struct px_event_header hdr;
	__u64 proc_start_ns;
	__u32 length; /* the datagram's real size */
	__u32 captured;
	__u8 direction;
	__u8 role;
	__u8 protocol; /* IPPROTO_UDP */
	__u8 reserved;
	__s32 fd;
	struct px_endpoint local;
	struct px_endpoint remote;
	char comm[PX_COMM_BYTES];
	__u8 payload[];
};

/* The layout, pinned: the decoder reads exactly these offsets (layout.test.ts parses them). */
#ifdef __cplusplus
#define PX_STATIC_ASSERT static_assert
#else
#define PX_STATIC_ASSERT _Static_assert
#endif
#define PX_SIZE(type, n) PX_STATIC_ASSERT(sizeof(struct type) == n, #type)
#define PX_OFFSET(type, field, n) \
	PX_STATIC_ASSERT(__builtin_offsetof(struct type, field) == n, #type "." #field)

PX_SIZE(px_event_header, 24);
PX_OFFSET(px_event_header, timestamp_ns, 0);
PX_OFFSET(px_event_header, kind, 8);
PX_OFFSET(px_event_header, source, 10);
PX_OFFSET(px_event_header, abi_version, 11);
PX_OFFSET(px_event_header, tgid, 12);
PX_OFFSET(px_event_header, conn_id, 16);

PX_SIZE(px_endpoint, 20);
PX_OFFSET(px_endpoint, addr, 0);
PX_OFFSET(px_endpoint, family, 16);
PX_OFFSET(px_endpoint, port, 18);

PX_SIZE(px_conn_open, 96);
PX_OFFSET(px_conn_open, proc_start_ns, 24);
PX_OFFSET(px_conn_open, fd, 32);
PX_OFFSET(px_conn_open, role, 36);
PX_OFFSET(px_conn_open, protocol, 37);
PX_OFFSET(px_conn_open, local, 40);
PX_OFFSET(px_conn_open, remote, 60);
PX_OFFSET(px_conn_open, comm, 80);

PX_SIZE(px_conn_close, 48);
PX_OFFSET(px_conn_close, bytes_sent, 24);
PX_OFFSET(px_conn_close, bytes_received, 32);
PX_OFFSET(px_conn_close, fd, 40);

PX_SIZE(px_data, 48);
PX_OFFSET(px_data, offset, 24);
PX_OFFSET(px_data, length, 32);
PX_OFFSET(px_data, captured, 36);
PX_OFFSET(px_data, direction, 40);
PX_OFFSET(px_data, payload, 48);

PX_SIZE(px_datagram, 104);
PX_OFFSET(px_datagram, proc_start_ns, 24);
PX_OFFSET(px_datagram, length, 32);
PX_OFFSET(px_datagram, captured, 36);
PX_OFFSET(px_datagram, direction, 40);
PX_OFFSET(px_datagram, role, 41);
PX_OFFSET(px_datagram, protocol, 42);
PX_OFFSET(px_datagram, fd, 44);
PX_OFFSET(px_datagram, local, 48);
PX_OFFSET(px_datagram, remote, 68);
PX_OFFSET(px_datagram, comm, 88);
PX_OFFSET(px_datagram, payload, 104);
#endif /* PX_SOCKET_TRACE_H */

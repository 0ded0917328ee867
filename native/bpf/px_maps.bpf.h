/* SPDX-License-Identifier: GPL-2.0 */
/* Configuration, maps and the record output helpers of socket_trace.bpf.c. */
#ifndef PX_MAPS_BPF_H
#define PX_MAPS_BPF_H

#include "socket_trace.h"

/* Set by the loader before load (rodata, so the verifier prunes on them). */
const volatile __u32 self_tgid = 0;
const volatile __u32 max_capture_bytes = PX_CHUNK_BYTES;
/* Records are written without waking the reader until this much data is waiting. */
const volatile __u64 wakeup_bytes = 1 << 20;

/* Connection ids: unique for the life of the loaded program. */
__u64 next_conn_id = 1;

/* Arguments of a data syscall in flight, from sys_enter to sys_exit, per thread. */
struct px_io_args {
	__u64 buf;  /* buffer, iovec array, user_msghdr or mmsghdr array */
	__u64 addr; /* sockaddr of sendto/recvfrom */
	__u64 sk;   /* struct sock *, set by sock:sock_{send,recv}_length */
	__s32 fd;
	__u32 vlen; /* iovec count or mmsghdr count */
	__u8 source;
	__u8 is_sock;
	__u16 family;
	__u16 protocol;
	__u8 peer_port_check; /* the port filter waits for each datagram's peer */
	__u8 reserved;
};

/* Per (tgid, fd): a TCP connection we have announced with PX_EV_CONN_OPEN. */
struct px_conn {
	__u64 conn_id;
	__u64 sk; /* tells a reused fd from the socket we announced */
	__u64 bytes_sent;
	__u64 bytes_received;
	__u8 role;
	__u8 reserved[7];
};

/* Per-CPU values are limited to 32 KiB. */
#define PX_SCRATCH_BYTES (128 + PX_CHUNK_BYTES)
struct px_scratch {
	__u8 bytes[PX_SCRATCH_BYTES];
};

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 16 << 20);
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* pid_tgid */
	__type(value, struct px_io_args);
} active_io SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 65536);
	__type(key, __u64); /* tgid << 32 | fd */
	__type(value, struct px_conn);
} conns SEC(".maps");

/* UDP sockets: who spoke first is the client. */
struct {
	__uint(type, BPF_MAP_TYPE_LRU_HASH);
	__uint(max_entries, 16384);
	__type(key, __u64); /* struct sock * */
	__type(value, __u8);
} udp_roles SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, PX_CNT__COUNT);
	__type(key, __u32);
	__type(value, __u64);
} counters SEC(".maps");

/* Records with a payload are built here: the BPF stack is only 512 bytes. */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct px_scratch);
} scratch SEC(".maps");

static __always_inline void count(__u32 counter)
{
	__u64 *value = bpf_map_lookup_elem(&counters, &counter);
	if (value)
		*value += 1;
}

static __always_inline void *scratch_buffer(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&scratch, &zero);
}

/* Batch wakeups: the reader polls anyway, so wake it only when much data is waiting. */
static __always_inline __u64 output_flags(void)
{
	return bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wakeup_bytes ? BPF_RB_FORCE_WAKEUP
									    : BPF_RB_NO_WAKEUP;
}

static __always_inline void output(void *record, __u64 size)
{
	if (bpf_ringbuf_output(&events, record, size, output_flags()) < 0)
		count(PX_CNT_RINGBUF_DROPS);
}

static __always_inline void fill_header(struct px_event_header *hdr, __u16 kind, __u8 source,
					__u32 tgid, __u64 conn_id)
{
	hdr->timestamp_ns = bpf_ktime_get_ns();
	hdr->kind = kind;
	hdr->source = source;
	hdr->abi_version = PX_ABI_VERSION;
	hdr->tgid = tgid;
	hdr->conn_id = conn_id;
}

#endif /* PX_MAPS_BPF_H */

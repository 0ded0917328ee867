/* SPDX-License-Identifier: GPL-2.0 */
/* The TCP connection table: (tgid, fd) → conn id, role and per-direction stream positions. */
#ifndef PX_CONN_BPF_H
#define PX_CONN_BPF_H

#include "px_maps.bpf.h"
#include "px_sock.bpf.h"

static __always_inline __u64 conn_key(__u32 tgid, __s32 fd)
{
	return ((__u64)tgid << 32) | (__u32)fd;
}

static __always_inline void emit_open(const struct px_conn *conn, __u32 tgid, __s32 fd,
				      __u8 source)
{
	struct px_conn_open ev = {};

	fill_header(&ev.hdr, PX_EV_CONN_OPEN, source, tgid, conn->conn_id);
	ev.proc_start_ns = process_start_ns();
	ev.fd = fd;
	ev.role = conn->role;
	ev.protocol = PX_IPPROTO_TCP;
	read_endpoints(conn->sk, &ev.local, &ev.remote);
	process_comm(ev.comm);
	output(&ev, sizeof(ev));
}

static __always_inline void emit_close(const struct px_conn *conn, __u32 tgid, __s32 fd,
				       __u8 source)
{
	struct px_conn_close ev = {};

	fill_header(&ev.hdr, PX_EV_CONN_CLOSE, source, tgid, conn->conn_id);
	ev.bytes_sent = conn->bytes_sent;
	ev.bytes_received = conn->bytes_received;
	ev.fd = fd;
	output(&ev, sizeof(ev));
}

/* Ends the connection on (tgid, fd), if we have one. */
static __always_inline void close_conn(__u32 tgid, __s32 fd, __u8 source)
{
	__u64 key = conn_key(tgid, fd);
	struct px_conn *conn = bpf_map_lookup_elem(&conns, &key);

	if (!conn)
		return;
	emit_close(conn, tgid, fd, source);
	bpf_map_delete_elem(&conns, &key);
}

/*
 * The connection of (tgid, fd) on socket sk, announced when first seen. Connections older than
 * the tracer are picked up on their first data, with an unknown role. A different socket on a
 * known fd means its close went unseen (dup2, exit, a lost record): end the old one first.
 */
static __always_inline struct px_conn *conn_for(__u32 tgid, __s32 fd, __u64 sk, __u8 role,
						 __u8 source)
{
	__u64 key = conn_key(tgid, fd);
	struct px_conn *conn = bpf_map_lookup_elem(&conns, &key);
	struct px_conn fresh = {};

	if (conn && conn->sk == sk)
		return conn;
	if (conn) {
		count(PX_CNT_STALE_CONN);
		emit_close(conn, tgid, fd, source);
		bpf_map_delete_elem(&conns, &key);
	}
	fresh.conn_id = __sync_fetch_and_add(&next_conn_id, 1);
	fresh.sk = sk;
	fresh.role = role;
	/* Another thread may have won the race; then its entry is the connection. */
	if (bpf_map_update_elem(&conns, &key, &fresh, BPF_NOEXIST) == 0)
		emit_open(&fresh, tgid, fd, source);
	conn = bpf_map_lookup_elem(&conns, &key);
	if (!conn)
		count(PX_CNT_CONN_TABLE_FULL);
	return conn;
}

/* Reserves `len` bytes of one direction's stream; returns the offset of the first. */
static __always_inline __u64 reserve_stream(struct px_conn *conn, __u8 direction, __u64 len)
{
	if (direction == PX_DIR_EGRESS)
		return __sync_fetch_and_add(&conn->bytes_sent, len);
	return __sync_fetch_and_add(&conn->bytes_received, len);
}

#endif /* PX_CONN_BPF_H */

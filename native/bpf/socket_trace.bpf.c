// SPDX-License-Identifier: GPL-2.0
/*
 * Socket tracing from syscall tracepoints (this kernel has no kprobes or fentry).
 *
 * A data syscall is seen three times on the calling thread:
 *   sys_enter_X                 saves fd and buffer pointers in active_io[pid_tgid];
 *   sock:sock_{send,recv}_length fires inside it only for sockets, with the struct sock *;
 *   sys_exit_X                  knows the byte count; if the fd proved to be an INET socket,
 *                               emits TCP stream records or UDP datagram records.
 * Files and pipes never reach sock_*_length, so they are dropped in the kernel.
 * connect/accept exits announce connections with their role; close ends them.
 * Capture filters (px_filter.bpf.h) stop unwanted processes in the enter hooks and unwanted
 * ports at sock_*_length, before anything is saved or copied.
 *
 * To trace another syscall: save its arguments in an enter hook with a new px_source, give it a
 * shape in msg_shape(), and call io_exit() from its exit hook.
 */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_tracing.h>

#include "socket_trace.h"
#include "px_maps.bpf.h"
#include "px_sock.bpf.h"
#include "px_conn.bpf.h"
#include "px_filter.bpf.h"
#include "px_emit.bpf.h"

char LICENSE[] SEC("license") = "GPL";

enum px_shape {
	PX_SHAPE_BUFFER, /* read, write, recvfrom, sendto */
	PX_SHAPE_IOV,    /* readv, writev */
	PX_SHAPE_MSG,    /* recvmsg, sendmsg */
	PX_SHAPE_MMSG,   /* recvmmsg, sendmmsg */
	PX_SHAPE_SIZE,   /* sendfile: only the count is known */
};

static __always_inline enum px_shape msg_shape(__u8 source)
{
	switch (source) {
	case PX_SRC_READV:
	case PX_SRC_WRITEV:
		return PX_SHAPE_IOV;
	case PX_SRC_RECVMSG:
	case PX_SRC_SENDMSG:
		return PX_SHAPE_MSG;
	case PX_SRC_RECVMMSG:
	case PX_SRC_SENDMMSG:
		return PX_SHAPE_MMSG;
	case PX_SRC_SENDFILE:
		return PX_SHAPE_SIZE;
	default:
		return PX_SHAPE_BUFFER;
	}
}

static __always_inline __u8 direction_of(__u8 source)
{
	switch (source) {
	case PX_SRC_WRITE:
	case PX_SRC_WRITEV:
	case PX_SRC_SENDTO:
	case PX_SRC_SENDMSG:
	case PX_SRC_SENDMMSG:
	case PX_SRC_SENDFILE:
		return PX_DIR_EGRESS;
	default:
		return PX_DIR_INGRESS;
	}
}

static __always_inline int save_io(__u8 source, __s32 fd, __u64 buf, __u32 vlen, __u64 addr)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct px_io_args args = {};

	if ((__u32)(id >> 32) == self_tgid || !process_wanted(id >> 32))
		return 0;
	args.source = source;
	args.fd = fd;
	args.buf = buf;
	args.vlen = vlen;
	args.addr = addr;
	bpf_map_update_elem(&active_io, &id, &args, BPF_ANY);
	return 0;
}

/* Message i of the syscall (i > 0 only for *mmsg), read from user memory at exit. */
static __always_inline int load_msg(const struct px_io_args *a, __u8 shape, __u32 i, long ret,
				    struct px_msg *msg)
{
	struct mmsghdr mm = {};

	__builtin_memset(msg, 0, sizeof(*msg));
	/* *mmsg return a message count: each message's length is in its mmsghdr. */
	msg->len = shape == PX_SHAPE_MMSG ? 0 : ret;
	if (shape == PX_SHAPE_BUFFER) {
		msg->buf = a->buf;
		msg->name = a->addr;
		return 0;
	}
	if (shape == PX_SHAPE_IOV) {
		msg->iov = a->buf;
		msg->iovlen = a->vlen;
		return 0;
	}
	if (shape == PX_SHAPE_MSG) {
		if (bpf_probe_read_user(&mm.msg_hdr, sizeof(mm.msg_hdr), (void *)a->buf))
			return -1;
	} else {
		if (bpf_probe_read_user(&mm, sizeof(mm), (void *)a->buf + i * sizeof(mm)))
			return -1;
		msg->len = mm.msg_len;
	}
	msg->name = (__u64)mm.msg_hdr.msg_name;
	msg->iov = (__u64)mm.msg_hdr.msg_iov;
	msg->iovlen = mm.msg_hdr.msg_iovlen;
	return 0;
}

/* *mmsg return the number of messages; the others, bytes of their one message. */
static __always_inline __u32 msg_count(__u8 shape, long ret)
{
	if (shape != PX_SHAPE_MMSG)
		return 1;
	if (ret > PX_MAX_MMSG)
		count(PX_CNT_MMSG_LIMIT);
	return ret;
}

static __always_inline void trace_stream(const struct px_io_args *a, __u32 tgid, long ret,
					 __u8 source)
{
	__u8 shape = msg_shape(source);
	struct px_conn *conn = conn_for(tgid, a->fd, a->sk, PX_ROLE_UNKNOWN, source);
	struct px_stream s = {};
	struct px_segs segs = {};
	struct px_msg msg;
	__u32 n = msg_count(shape, ret);

	if (!conn)
		return;
	s.conn_id = conn->conn_id;
	s.tgid = tgid;
	s.source = source;
	s.direction = direction_of(source);
	if (shape == PX_SHAPE_SIZE) {
		s.pos = reserve_stream(conn, s.direction, ret);
		emit_data(&s, s.pos, ret, 0, 0);
		return;
	}
	for (__u32 i = 0; i < PX_MAX_MMSG && i < n; i++) {
		segs.n = 0;
		if (load_msg(a, shape, i, ret, &msg) == 0)
			load_segments(&msg, &segs);
		else
			count(PX_CNT_READ_ERRORS);
		/* An unreadable message is still part of the stream when its length is known. */
		if (!msg.len)
			continue;
		s.pos = reserve_stream(conn, s.direction, msg.len);
		emit_stream(&s, &segs, msg.len);
	}
}

static __always_inline __u8 udp_role(__u64 sk, __u8 direction)
{
	__u8 *known = bpf_map_lookup_elem(&udp_roles, &sk);
	__u8 role = direction == PX_DIR_EGRESS ? PX_ROLE_CLIENT : PX_ROLE_SERVER;

	if (known)
		return *known;
	bpf_map_update_elem(&udp_roles, &sk, &role, BPF_NOEXIST);
	return role;
}

static __always_inline void trace_datagrams(const struct px_io_args *a, __u32 tgid, long ret,
					    __u8 source)
{
	__u8 shape = msg_shape(source);
	struct px_dgram d = {};
	struct px_segs segs = {};
	struct px_msg msg;
	__u32 n = msg_count(shape, ret);

	if (shape == PX_SHAPE_SIZE)
		return;
	d.sk = a->sk;
	d.proc_start_ns = process_start_ns();
	d.tgid = tgid;
	d.fd = a->fd;
	d.source = source;
	d.direction = direction_of(source);
	d.role = udp_role(a->sk, d.direction);
	d.peer_port_check = a->peer_port_check;
	for (__u32 i = 0; i < PX_MAX_MMSG && i < n; i++) {
		if (load_msg(a, shape, i, ret, &msg)) {
			count(PX_CNT_READ_ERRORS);
			continue;
		}
		load_segments(&msg, &segs);
		emit_datagram(&d, msg.name, &segs, msg.len);
	}
}

static __always_inline int io_exit(long ret, __u8 source)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct px_io_args *saved = bpf_map_lookup_elem(&active_io, &id);
	struct px_io_args a;

	if (!saved)
		return 0;
	a = *saved;
	bpf_map_delete_elem(&active_io, &id);
	if (!a.is_sock || ret <= 0 || a.source != source)
		return 0;
	if (a.protocol == PX_IPPROTO_TCP)
		trace_stream(&a, id >> 32, ret, source);
	else if (a.protocol == PX_IPPROTO_UDP)
		trace_datagrams(&a, id >> 32, ret, source);
	return 0;
}

/* sock_*_length: the syscall in flight on this thread is on an INET socket. */
static __always_inline int mark_socket(struct trace_event_raw_sock_msg_length *ctx,
				       __u8 direction)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct px_io_args *a = bpf_map_lookup_elem(&active_io, &id);
	enum px_port_verdict ports;

	if (!a || direction_of(a->source) != direction || !is_inet(ctx->family))
		return 0;
	if (direction == PX_DIR_INGRESS && (ctx->flags & PX_MSG_PEEK))
		return 0;
	ports = ports_wanted((__u64)ctx->sk, ctx->protocol);
	if (ports == PX_PORT_DROP)
		return 0;
	a->peer_port_check = ports == PX_PORT_PER_DATAGRAM;
	a->is_sock = 1;
	a->sk = (__u64)ctx->sk;
	a->family = ctx->family;
	a->protocol = ctx->protocol;
	return 0;
}

SEC("tp/sock/sock_send_length")
int sock_send_length(struct trace_event_raw_sock_msg_length *ctx)
{
	return mark_socket(ctx, PX_DIR_EGRESS);
}

SEC("tp/sock/sock_recv_length")
int sock_recv_length(struct trace_event_raw_sock_msg_length *ctx)
{
	return mark_socket(ctx, PX_DIR_INGRESS);
}

/* Data syscalls: argument slots as in /sys/kernel/tracing/events/syscalls/sys_enter_X/format. */
#define PX_ARG(ctx, i) ((ctx)->args[i])

#define PX_IO_HOOKS(name, source, buf_arg, vlen_arg, addr_arg)                                   \
	SEC("tp/syscalls/sys_enter_" #name)                                                     \
	int enter_##name(struct trace_event_raw_sys_enter *ctx)                                 \
	{                                                                                       \
		return save_io(source, PX_ARG(ctx, 0), buf_arg, vlen_arg, addr_arg);           \
	}                                                                                       \
	SEC("tp/syscalls/sys_exit_" #name)                                                      \
	int exit_##name(struct trace_event_raw_sys_exit *ctx)                                   \
	{                                                                                       \
		return io_exit(ctx->ret, source);                                               \
	}

PX_IO_HOOKS(read, PX_SRC_READ, PX_ARG(ctx, 1), 0, 0)
PX_IO_HOOKS(write, PX_SRC_WRITE, PX_ARG(ctx, 1), 0, 0)
PX_IO_HOOKS(readv, PX_SRC_READV, PX_ARG(ctx, 1), PX_ARG(ctx, 2), 0)
PX_IO_HOOKS(writev, PX_SRC_WRITEV, PX_ARG(ctx, 1), PX_ARG(ctx, 2), 0)
PX_IO_HOOKS(recvfrom, PX_SRC_RECVFROM, PX_ARG(ctx, 1), 0, PX_ARG(ctx, 4))
PX_IO_HOOKS(sendto, PX_SRC_SENDTO, PX_ARG(ctx, 1), 0, PX_ARG(ctx, 4))
PX_IO_HOOKS(recvmsg, PX_SRC_RECVMSG, PX_ARG(ctx, 1), 0, 0)
PX_IO_HOOKS(sendmsg, PX_SRC_SENDMSG, PX_ARG(ctx, 1), 0, 0)
PX_IO_HOOKS(recvmmsg, PX_SRC_RECVMMSG, PX_ARG(ctx, 1), PX_ARG(ctx, 2), 0)
PX_IO_HOOKS(sendmmsg, PX_SRC_SENDMMSG, PX_ARG(ctx, 1), PX_ARG(ctx, 2), 0)
PX_IO_HOOKS(sendfile64, PX_SRC_SENDFILE, 0, 0, 0)

/* A connection we can name: an INET TCP socket behind fd, announced with its role. */
static __always_inline void announce(__s32 fd, __u8 role, __u8 source)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;
	__u64 sk = sock_from_fd(fd);

	if (!sk || tgid == self_tgid)
		return;
	if (!is_inet(BPF_CORE_READ((struct sock *)sk, __sk_common.skc_family)) ||
	    sock_protocol(sk) != PX_IPPROTO_TCP || ports_wanted(sk, PX_IPPROTO_TCP) != PX_PORT_KEEP)
		return;
	conn_for(tgid, fd, sk, role, source);
}

SEC("tp/syscalls/sys_enter_connect")
int enter_connect(struct trace_event_raw_sys_enter *ctx)
{
	return save_io(PX_SRC_CONNECT, PX_ARG(ctx, 0), 0, 0, 0);
}

SEC("tp/syscalls/sys_exit_connect")
int exit_connect(struct trace_event_raw_sys_exit *ctx)
{
	__u64 id = bpf_get_current_pid_tgid();
	struct px_io_args *saved = bpf_map_lookup_elem(&active_io, &id);
	__s32 fd;

	if (!saved || saved->source != PX_SRC_CONNECT)
		return 0;
	fd = saved->fd;
	bpf_map_delete_elem(&active_io, &id);
	/* Non-blocking connects finish later, but the local port and peer are already set. */
	if (ctx->ret == 0 || ctx->ret == -PX_EINPROGRESS)
		announce(fd, PX_ROLE_CLIENT, PX_SRC_CONNECT);
	return 0;
}

/* accept has no enter hook: filter the process here (connect's enter hook already did). */
static __always_inline int accepted(long ret)
{
	if (ret >= 0 && process_wanted(bpf_get_current_pid_tgid() >> 32))
		announce(ret, PX_ROLE_SERVER, PX_SRC_ACCEPT);
	return 0;
}

SEC("tp/syscalls/sys_exit_accept")
int exit_accept(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tp/syscalls/sys_exit_accept4")
int exit_accept4(struct trace_event_raw_sys_exit *ctx)
{
	return accepted(ctx->ret);
}

SEC("tp/syscalls/sys_enter_close")
int enter_close(struct trace_event_raw_sys_enter *ctx)
{
	__u32 tgid = bpf_get_current_pid_tgid() >> 32;

	if (tgid != self_tgid)
		close_conn(tgid, PX_ARG(ctx, 0), PX_SRC_CLOSE);
	return 0;
}

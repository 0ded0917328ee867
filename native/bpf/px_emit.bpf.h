/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Copying user buffers into PX_EV_DATA and PX_EV_DATAGRAM records.
 *
 * The emitters are global (non-static, __noinline) functions: the verifier checks each once on
 * its own instead of once per path through every caller, which keeps the iovec × chunk loops
 * far below its instruction budget. Their pointer arguments must be checked for NULL.
 */
#ifndef PX_EMIT_BPF_H
#define PX_EMIT_BPF_H

#include "px_filter.bpf.h"
#include "px_maps.bpf.h"
#include "px_sock.bpf.h"

/* One message of a syscall: a plain buffer (iov == 0) or an iovec array. */
struct px_msg {
	__u64 name; /* user sockaddr of the peer, or 0 */
	__u64 iov;
	__u64 buf;
	__u32 iovlen;
	__u32 len; /* bytes the syscall really moved for this message */
};

/* The first PX_MAX_IOV iovecs of a message, copied from user memory. */
struct px_segs {
	struct iovec v[PX_MAX_IOV];
	__u32 n;
	__u32 reserved;
};

/* Where a connection's records go and what they are stamped with. */
struct px_stream {
	__u64 conn_id;
	__u64 pos; /* stream offset of the message's first byte */
	__u32 tgid;
	__u8 source;
	__u8 direction;
	__u16 reserved;
};

/* Addressing and stamps of a datagram record. */
struct px_dgram {
	__u64 sk;
	__u64 proc_start_ns;
	__u32 tgid;
	__s32 fd;
	__u8 source;
	__u8 direction;
	__u8 role;
	__u8 peer_port_check; /* drop datagrams whose peer port the port filter does not list */
	__u8 reserved[4];
};

static __always_inline __u32 min_u32(__u64 a, __u64 b)
{
	return a < b ? a : b;
}

/*
 * n clamped to max in a way the verifier sees: done in asm on the very register that is used
 * afterwards, as the compiler would otherwise drop a check it can prove redundant.
 */
#define PX_VERIFIER_CLAMP(n, max)                                                               \
	asm volatile("if %[v] <= %[m] goto +1; %[v] = %[m]" : [v] "+r"(n) : [m] "i"(max))

static __always_inline void load_segments(const struct px_msg *msg, struct px_segs *segs)
{
	__u64 size;

	segs->n = 0;
	if (!msg->iov) {
		segs->v[0].iov_base = (void *)msg->buf;
		segs->v[0].iov_len = msg->len;
		segs->n = 1;
		return;
	}
	segs->n = min_u32(msg->iovlen, PX_MAX_IOV);
	size = segs->n * sizeof(struct iovec);
	PX_VERIFIER_CLAMP(size, sizeof(segs->v));
	if (bpf_probe_read_user(segs->v, size, (void *)msg->iov)) {
		count(PX_CNT_READ_ERRORS);
		segs->n = 0;
	}
}

/* One PX_EV_DATA record covering [offset, offset + length), carrying n bytes from src. */
__noinline int emit_data(const struct px_stream *s, __u64 offset, __u32 length, __u64 src,
			 __u32 n)
{
	struct px_data *rec = scratch_buffer();
	__u64 size = n;

	if (!rec || !s)
		return 0;
	__builtin_memset(rec, 0, sizeof(*rec));
	fill_header(&rec->hdr, PX_EV_DATA, s->source, s->tgid, s->conn_id);
	rec->offset = offset;
	rec->length = length;
	rec->direction = s->direction;
	PX_VERIFIER_CLAMP(size, PX_CHUNK_BYTES);
	if (size && bpf_probe_read_user(rec->payload, size, (void *)src)) {
		count(PX_CNT_READ_ERRORS);
		size = 0;
	}
	rec->captured = size;
	output(rec, sizeof(*rec) + size);
	return 0;
}

/*
 * The message's bytes as records of at most PX_CHUNK_BYTES, up to max_capture_bytes in all.
 * The records tile the message: the last one also covers the bytes not captured, so user space
 * sees exactly where the gap is.
 */
__noinline int emit_stream(const struct px_stream *s, const struct px_segs *segs, __u32 total)
{
	__u32 budget = min_u32(total, max_capture_bytes);
	__u32 planned = 0, covered = 0, sent = 0, at = 0;

	if (!s || !segs)
		return 0;
	for (int i = 0; i < PX_MAX_IOV && i < segs->n && covered < total; i++) {
		__u32 seg = min_u32(segs->v[i].iov_len, total - covered);
		planned += min_u32(seg, budget - planned);
		covered += seg;
	}
	if (covered < total && segs->n == PX_MAX_IOV)
		count(PX_CNT_IOV_LIMIT);
	if (planned == 0)
		return emit_data(s, s->pos, total, 0, 0);
	for (int i = 0; i < PX_MAX_IOV && i < segs->n && sent < planned; i++) {
		__u32 seg = min_u32(segs->v[i].iov_len, total - at);
		__u32 take = min_u32(seg, planned - sent);

		for (int j = 0; j < PX_MAX_CAPTURE_BYTES / PX_CHUNK_BYTES; j++) {
			__u32 done = j * PX_CHUNK_BYTES;
			__u32 n, start;

			if (done >= take)
				break;
			n = min_u32(take - done, PX_CHUNK_BYTES);
			start = at + done;
			sent += n;
			emit_data(s, s->pos + start, sent == planned ? total - start : n,
				  (__u64)segs->v[i].iov_base + done, n);
		}
		at += seg;
	}
	return 0;
}

/* One PX_EV_DATAGRAM: the message gathered from its iovecs, up to PX_DATAGRAM_BYTES. */
__noinline int emit_datagram(const struct px_dgram *d, __u64 name, const struct px_segs *segs,
			     __u32 total)
{
	struct px_datagram *rec = scratch_buffer();
	__u32 limit = min_u32(min_u32(total, max_capture_bytes), PX_DATAGRAM_BYTES);
	__u64 copied = 0;

	if (!rec || !d || !segs)
		return 0;
	__builtin_memset(rec, 0, sizeof(*rec));
	fill_header(&rec->hdr, PX_EV_DATAGRAM, d->source, d->tgid, 0);
	rec->proc_start_ns = d->proc_start_ns;
	rec->length = total;
	rec->direction = d->direction;
	rec->role = d->role;
	rec->protocol = PX_IPPROTO_UDP;
	rec->fd = d->fd;
	read_endpoints(d->sk, &rec->local, &rec->remote);
	/* Unconnected sockets name their peer per message. */
	read_user_sockaddr(name, &rec->remote);
	if (d->peer_port_check && !port_listed(rec->remote.port))
		return 0;
	process_comm(rec->comm);
	for (int i = 0; i < PX_MAX_IOV && i < segs->n && copied < limit; i++) {
		__u64 n = min_u32(segs->v[i].iov_len, limit - copied);

		/* Mask and clamp prove to the verifier that the copy stays in the scratch buffer. */
		PX_VERIFIER_CLAMP(n, PX_DATAGRAM_BYTES);
		if (bpf_probe_read_user(rec->payload + (copied & (PX_DATAGRAM_BYTES - 1)), n,
					segs->v[i].iov_base)) {
			count(PX_CNT_READ_ERRORS);
			break;
		}
		copied += n;
	}
	PX_VERIFIER_CLAMP(copied, PX_DATAGRAM_BYTES);
	rec->captured = copied;
	output(rec, sizeof(*rec) + copied);
	return 0;
}

#endif /* PX_EMIT_BPF_H */

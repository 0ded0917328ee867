/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Capture filters (--pid, --process, --port), applied in the kernel so that what the user did
 * not ask for costs a map lookup or two and is never copied.
 *
 * The switches are rodata set before load, so with a filter off the verifier drops its code and
 * an unfiltered capture pays nothing. The maps are filled by user space after load, before
 * attach, and never change afterwards.
 *
 *   process: the thread group's pid is in filter_pids, or its name (the main thread's comm, as
 *            /proc/<pid>/comm) is in filter_comms. Checked first thing in the enter hooks.
 *   port:    the local or remote port is in filter_ports. Checked where the socket is at hand
 *            (sock_*_length, connect/accept exits); an unconnected UDP socket names its peer
 *            only per datagram, so its remote port is checked per datagram.
 * Both filters must pass when both are set.
 */
#ifndef PX_FILTER_BPF_H
#define PX_FILTER_BPF_H

#include "px_maps.bpf.h"
#include "px_sock.bpf.h"

const volatile __u8 filter_by_pid = 0;
const volatile __u8 filter_by_comm = 0;
const volatile __u8 filter_by_port = 0;

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PX_MAX_FILTER_VALUES);
	__type(key, __u32); /* tgid */
	__type(value, __u8);
} filter_pids SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PX_MAX_FILTER_VALUES);
	__type(key, struct px_comm_key);
	__type(value, __u8);
} filter_comms SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, PX_MAX_FILTER_VALUES);
	__type(key, __u16); /* host order */
	__type(value, __u8);
} filter_ports SEC(".maps");

/* Whether the process tgid is one the user asked for (every process when no filter is set). */
static __always_inline int process_wanted(__u32 tgid)
{
	struct px_comm_key key = {};

	if (!filter_by_pid && !filter_by_comm)
		return 1;
	if (filter_by_pid && bpf_map_lookup_elem(&filter_pids, &tgid))
		return 1;
	if (!filter_by_comm)
		return 0;
	process_comm(key.name);
	return bpf_map_lookup_elem(&filter_comms, &key) != 0;
}

static __always_inline int port_listed(__u16 port)
{
	return port && bpf_map_lookup_elem(&filter_ports, &port) != 0;
}

/* The socket's local port, and its remote port (0 on an unconnected UDP socket). */
static __always_inline void sock_ports(__u64 sk_ptr, __u16 *local, __u16 *remote)
{
	struct sock *sk = (struct sock *)sk_ptr;

	*local = BPF_CORE_READ(sk, __sk_common.skc_num);
	*remote = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
}

enum px_port_verdict {
	PX_PORT_DROP = 0,
	PX_PORT_KEEP = 1,
	/* Unconnected UDP with an unlisted local port: each datagram's peer decides. */
	PX_PORT_PER_DATAGRAM = 2,
};

static __always_inline enum px_port_verdict ports_wanted(__u64 sk, __u16 protocol)
{
	__u16 local, remote;

	if (!filter_by_port)
		return PX_PORT_KEEP;
	sock_ports(sk, &local, &remote);
	if (port_listed(local) || port_listed(remote))
		return PX_PORT_KEEP;
	if (protocol == PX_IPPROTO_UDP && remote == 0)
		return PX_PORT_PER_DATAGRAM;
	return PX_PORT_DROP;
}

#endif /* PX_FILTER_BPF_H */

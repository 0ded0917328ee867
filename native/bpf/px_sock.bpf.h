/* SPDX-License-Identifier: GPL-2.0 */
/* Reading sockets, fds and socket addresses, through CO-RE where kernel structs are involved. */
#ifndef PX_SOCK_BPF_H
#define PX_SOCK_BPF_H

#include "socket_trace.h"

#define PX_AF_INET 2
#define PX_AF_INET6 10
#define PX_IPPROTO_TCP 6
#define PX_IPPROTO_UDP 17
#define PX_MSG_PEEK 2
#define PX_EINPROGRESS 115
#define PX_S_IFMT 00170000
#define PX_S_IFSOCK 0140000

static __always_inline int is_inet(__u16 family)
{
	return family == PX_AF_INET || family == PX_AF_INET6;
}

/* Both ends of a socket as the kernel has them (the peer is unset on unconnected UDP). */
static __always_inline void read_endpoints(__u64 sk_ptr, struct px_endpoint *local,
					   struct px_endpoint *remote)
{
	struct sock *sk = (struct sock *)sk_ptr;
	__u16 family = BPF_CORE_READ(sk, __sk_common.skc_family);

	local->family = family;
	remote->family = family;
	local->port = BPF_CORE_READ(sk, __sk_common.skc_num);
	remote->port = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
	/* BPF_CORE_READ_INTO would copy sizeof(*addr) = 1 byte: give the sizes explicitly. */
	if (family == PX_AF_INET) {
		bpf_core_read(local->addr, 4, &sk->__sk_common.skc_rcv_saddr);
		bpf_core_read(remote->addr, 4, &sk->__sk_common.skc_daddr);
	} else if (family == PX_AF_INET6) {
		bpf_core_read(local->addr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
		bpf_core_read(remote->addr, 16, &sk->__sk_common.skc_v6_daddr);
	}
}

static __always_inline __u16 sock_protocol(__u64 sk_ptr)
{
	return BPF_CORE_READ((struct sock *)sk_ptr, sk_protocol);
}

/* A user-space sockaddr (sendto's destination, recvfrom's or recvmsg's source). */
static __always_inline int read_user_sockaddr(__u64 ptr, struct px_endpoint *out)
{
	__u16 family = 0;

	if (!ptr || bpf_probe_read_user(&family, sizeof(family), (void *)ptr))
		return -1;
	if (family == PX_AF_INET) {
		struct sockaddr_in sin = {};
		if (bpf_probe_read_user(&sin, sizeof(sin), (void *)ptr))
			return -1;
		__builtin_memset(out->addr, 0, sizeof(out->addr));
		__builtin_memcpy(out->addr, &sin.sin_addr, 4);
		out->port = bpf_ntohs(sin.sin_port);
	} else if (family == PX_AF_INET6) {
		struct sockaddr_in6 sin6 = {};
		if (bpf_probe_read_user(&sin6, sizeof(sin6), (void *)ptr))
			return -1;
		__builtin_memcpy(out->addr, &sin6.sin6_addr, 16);
		out->port = bpf_ntohs(sin6.sin6_port);
	} else {
		return -1;
	}
	out->family = family;
	return 0;
}

/* fd → struct sock * of the current task, or 0 when the fd is not a socket. */
static __always_inline __u64 sock_from_fd(__s32 fd)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct fdtable *fdt = BPF_CORE_READ(task, files, fdt);
	struct file **fds;
	struct file *file = 0;
	struct socket *sock;

	if (fd < 0 || (__u32)fd >= BPF_CORE_READ(fdt, max_fds))
		return 0;
	fds = BPF_CORE_READ(fdt, fd);
	if (bpf_probe_read_kernel(&file, sizeof(file), &fds[fd]) || !file)
		return 0;
	if ((BPF_CORE_READ(file, f_inode, i_mode) & PX_S_IFMT) != PX_S_IFSOCK)
		return 0;
	sock = (struct socket *)BPF_CORE_READ(file, private_data);
	return (__u64)BPF_CORE_READ(sock, sk);
}

/* The process's start time, as /proc/<pid>/stat's starttime (in ns instead of ticks). */
static __always_inline __u64 process_start_ns(void)
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	return BPF_CORE_READ(task, group_leader, start_boottime);
}

/*
 * The process's name, as /proc/<pid>/comm: the main thread's comm, not the current thread's,
 * which programs rename (dig sends from threads called isc-net-0000). Read at event time because
 * short-lived clients are gone before user space could look. Left zeroed if unreadable.
 */
static __always_inline void process_comm(char comm[PX_COMM_BYTES])
{
	struct task_struct *task = (struct task_struct *)bpf_get_current_task();
	struct task_struct *leader = BPF_CORE_READ(task, group_leader);

	_Static_assert(sizeof(leader->comm) == PX_COMM_BYTES, "TASK_COMM_LEN");
	bpf_core_read_str(comm, PX_COMM_BYTES, &leader->comm);
}

#endif /* PX_SOCK_BPF_H */

// SPDX-License-Identifier: GPL-2.0
/* nodescope: one BPF program per Bitcoin Core USDT tracepoint.
 *
 * Every hit copies its arguments (strings, hashes and, when asked, the P2P payload) into ONE
 * ring buffer, so events keep the order in which they were reserved. Records are submitted
 * without waking the reader (a wake-up per event costs the traced node ~3.4 µs, against
 * ~0.8 µs without); the reader polls on a short timer and a wake-up is forced only once the
 * ring holds more than config.wake_bytes. Every failure is counted per tracepoint in a per-CPU
 * array, so nothing is lost silently. */
#include <stdbool.h>
#include <linux/bpf.h>
#include <linux/ptrace.h>
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/usdt.bpf.h>

#include "nodescope.h"

char LICENSE[] SEC("license") = "GPL";

struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, 32 << 20); /* resized by the extractor before load */
} events SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, NS_TRACEPOINT_COUNT);
	__type(key, __u32);
	__type(value, struct ns_counters);
} counters SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ns_config);
} config SEC(".maps");

/* Never read nor written by the programs: its value type puts every record struct into the
 * object's BTF (clang emits BTF for map types, not for local variables), where user space reads
 * their layout to decode a tracepoint that has no hand-written decoder (BtfLayout in
 * dev.nodescope.extract). One entry: a few hundred bytes of kernel memory. */
union ns_records {
	struct ns_message message;
	struct ns_connection connection;
	struct ns_misbehaving misbehaving;
	struct ns_block_connected block_connected;
	struct ns_flush flush;
	struct ns_utxo utxo;
	struct ns_selected_coins selected_coins;
	struct ns_create_tx create_tx;
	struct ns_wallet wallet;
	struct ns_mempool_added mempool_added;
	struct ns_mempool_removed mempool_removed;
	struct ns_mempool_replaced mempool_replaced;
	struct ns_mempool_rejected mempool_rejected;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, union ns_records);
} record_layouts SEC(".maps");

static __always_inline void count(int tp, int stat)
{
	__u32 key = tp;
	struct ns_counters *c = bpf_map_lookup_elem(&counters, &key);
	/* atomic: a uprobe program can be preempted by another hit on the same CPU */
	if (c && stat >= 0 && stat < NS_STAT_COUNT)
		__sync_fetch_and_add(&c->count[stat], 1);
}

static __always_inline struct ns_config *cfg(void)
{
	__u32 zero = 0;
	return bpf_map_lookup_elem(&config, &zero);
}

static __always_inline void *reserve(int tp, __u64 size)
{
	void *e = bpf_ringbuf_reserve(&events, size, 0);
	if (!e)
		count(tp, NS_STAT_RING_RESERVE);
	return e;
}

/* c: the config the handler already looked up (one map lookup per hit, not two) */
static __always_inline void submit(void *e, struct ns_config *c)
{
	__u64 wake = c ? c->wake_bytes : 0;
	__u64 flags = bpf_ringbuf_query(&events, BPF_RB_AVAIL_DATA) >= wake ? BPF_RB_FORCE_WAKEUP
									  : BPF_RB_NO_WAKEUP;
	bpf_ringbuf_submit(e, flags);
}

static __always_inline void header(struct ns_header *h, int tp)
{
	__u64 pid_tgid = bpf_get_current_pid_tgid();
	h->type = tp;
	h->flags = 0;
	h->pid = pid_tgid >> 32;
	h->tid = (__u32)pid_tgid;
	h->reserved = 0;
	h->mono_ns = bpf_ktime_get_ns();
	bpf_get_current_comm(h->thread, sizeof(h->thread));
}

/* Copies a C string argument. A NULL or unreadable pointer gives "" then NS_UNREADABLE, and
 * READ_ERROR (so it does not read as an empty string); a string that filled the buffer is checked
 * one byte further to tell "exactly fits" from "was cut", which is counted. */
static __always_inline void read_str(struct ns_header *h, int tp, char *dst, __u32 size,
				     const char *src)
{
	long n = bpf_probe_read_user_str(dst, size, src);
	if (n < 0) {
		dst[0] = 0;
		dst[1] = NS_UNREADABLE;
		h->flags |= NS_F_READ_ERROR;
		count(tp, NS_STAT_READ_USER);
		return;
	}
	if (n == size) {
		char next = 0;
		if (bpf_probe_read_user(&next, 1, src + size - 1) == 0 && next != 0)
			count(tp, NS_STAT_TRUNCATED);
	}
}

static __always_inline void read_hash(struct ns_header *h, int tp, __u8 *dst, const void *src)
{
	if (bpf_probe_read_user(dst, 32, src) != 0) {
		__builtin_memset(dst, 0, 32);
		h->flags |= NS_F_READ_ERROR;
		count(tp, NS_STAT_READ_USER);
	}
}

/* ---- net:inbound_message / net:outbound_message ------------------------------------------ */

/* The payload goes in the same record as its metadata. The verifier needs a constant reserve
 * size, so records come in size classes; the smallest class that holds the payload is used. Up
 * to 1 MiB that reserves at most 4x the payload; above it the 4 MB class is taken whole (a
 * 1 MiB + 1 payload reserves 4 MB until read: docs/architecture.md). */
#define MESSAGE_CLASS(CLS)                                                                        \
	else if (want <= CLS)                                                                     \
	{                                                                                         \
		e = bpf_ringbuf_reserve(&events, sizeof(struct ns_message) + CLS, 0);             \
		if (e) {                                                                          \
			__u64 n = want;                                                           \
			/* clamp in asm so the bound sits on the very register that reaches */   \
			/* the helper (clang would otherwise drop it as redundant) */            \
			asm volatile("if %[n] <= %[max] goto +1\n\t%[n] = %[max]"                  \
				     : [n] "+r"(n)                                                \
				     : [max] "i"(CLS));                                            \
			if (bpf_probe_read_user(e->payload, n, payload) == 0)                     \
				captured = n;                                                     \
			else                                                                      \
				read_error = true;                                                \
		}                                                                                 \
	}

static __always_inline int message(int tp, __s64 peer_id, const char *addr, const char *conn_type,
				   const char *msg_type, __u64 size, const void *payload)
{
	count(tp, NS_STAT_HITS);
	struct ns_config *c = cfg();
	__u64 limit = c ? c->payload_max : 0;
	__u64 want64 = size < limit ? size : limit;
	__u32 want = want64 > NS_MAX_PAYLOAD ? NS_MAX_PAYLOAD : want64;
	__u32 captured = 0;
	bool read_error = false;
	struct ns_message *e = NULL;

	if (want == 0)
		e = NULL;
	MESSAGE_CLASS(64)
	MESSAGE_CLASS(256)
	MESSAGE_CLASS(1024)
	MESSAGE_CLASS(4096)
	MESSAGE_CLASS(16384)
	MESSAGE_CLASS(65536)
	MESSAGE_CLASS(262144)
	MESSAGE_CLASS(1048576)
	MESSAGE_CLASS(NS_MAX_PAYLOAD)

	if (!e) {
		/* no room for the payload (or none wanted): still deliver the event itself */
		e = bpf_ringbuf_reserve(&events, sizeof(struct ns_message), 0);
		if (!e) {
			count(tp, NS_STAT_RING_RESERVE);
			return 0;
		}
		if (want > 0)
			count(tp, NS_STAT_PAYLOAD_DROPPED);
	}
	header(&e->h, tp);
	if (read_error) {
		e->h.flags |= NS_F_READ_ERROR;
		count(tp, NS_STAT_READ_USER);
	}
	/* truncated means cut: a payload nobody asked for (limit 0) was not cut, just not copied */
	if (limit > 0 && captured < size) {
		e->h.flags |= NS_F_PAYLOAD_TRUNCATED;
		/* cut by our own limit */
		if (captured == want && want < size)
			count(tp, NS_STAT_TRUNCATED);
	}
	e->peer_id = peer_id;
	e->size = size;
	e->captured = captured;
	e->reserved = 0;
	read_str(&e->h, tp, e->conn_type, sizeof(e->conn_type), conn_type);
	read_str(&e->h, tp, e->msg_type, sizeof(e->msg_type), msg_type);
	read_str(&e->h, tp, e->addr, sizeof(e->addr), addr);
	submit(e, c);
	return 0;
}

SEC("usdt")
int BPF_USDT(net_inbound_message, long peer_id, const char *addr, const char *conn_type,
	     const char *msg_type, unsigned long size, const void *payload)
{
	return message(NS_NET_INBOUND_MESSAGE, peer_id, addr, conn_type, msg_type, size, payload);
}

SEC("usdt")
int BPF_USDT(net_outbound_message, long peer_id, const char *addr, const char *conn_type,
	     const char *msg_type, unsigned long size, const void *payload)
{
	return message(NS_NET_OUTBOUND_MESSAGE, peer_id, addr, conn_type, msg_type, size, payload);
}

/* ---- net connections ---------------------------------------------------------------------- */

static __always_inline int connection(int tp, __s64 peer_id, const char *addr,
				      const char *conn_type, __u32 network, __s64 value)
{
	count(tp, NS_STAT_HITS);
	struct ns_connection *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	e->peer_id = peer_id;
	e->value = value;
	e->network = network;
	e->reserved = 0;
	read_str(&e->h, tp, e->conn_type, sizeof(e->conn_type), conn_type);
	read_str(&e->h, tp, e->addr, sizeof(e->addr), addr);
	submit(e, cfg());
	return 0;
}

SEC("usdt")
int BPF_USDT(net_inbound_connection, long peer_id, const char *addr, const char *conn_type,
	     unsigned int network, unsigned long existing)
{
	return connection(NS_NET_INBOUND_CONNECTION, peer_id, addr, conn_type, network, existing);
}

SEC("usdt")
int BPF_USDT(net_outbound_connection, long peer_id, const char *addr, const char *conn_type,
	     unsigned int network, unsigned long existing)
{
	return connection(NS_NET_OUTBOUND_CONNECTION, peer_id, addr, conn_type, network, existing);
}

SEC("usdt")
int BPF_USDT(net_evicted_inbound_connection, long peer_id, const char *addr,
	     const char *conn_type, unsigned int network, long established)
{
	return connection(NS_NET_EVICTED_INBOUND_CONNECTION, peer_id, addr, conn_type, network,
			  established);
}

SEC("usdt")
int BPF_USDT(net_closed_connection, long peer_id, const char *addr, const char *conn_type,
	     unsigned int network, long established)
{
	return connection(NS_NET_CLOSED_CONNECTION, peer_id, addr, conn_type, network, established);
}

SEC("usdt")
int BPF_USDT(net_misbehaving_connection, long peer_id, const char *reason)
{
	const int tp = NS_NET_MISBEHAVING_CONNECTION;
	count(tp, NS_STAT_HITS);
	struct ns_misbehaving *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	e->peer_id = peer_id;
	read_str(&e->h, tp, e->reason, sizeof(e->reason), reason);
	submit(e, cfg());
	return 0;
}

/* ---- validation ----------------------------------------------------------------------------- */

SEC("usdt")
int BPF_USDT(validation_block_connected, const void *hash, int height, unsigned long transactions,
	     int inputs, long sigops, long duration)
{
	const int tp = NS_VALIDATION_BLOCK_CONNECTED;
	count(tp, NS_STAT_HITS);
	struct ns_block_connected *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->hash, hash);
	e->height = height;
	e->inputs = inputs;
	e->transactions = transactions;
	e->sigops = sigops;
	e->duration = duration;
	submit(e, cfg());
	return 0;
}

/* ---- utxocache ------------------------------------------------------------------------------ */

SEC("usdt")
int BPF_USDT(utxocache_flush, long duration_us, unsigned int mode, unsigned long coins,
	     unsigned long memory, bool for_prune)
{
	const int tp = NS_UTXOCACHE_FLUSH;
	count(tp, NS_STAT_HITS);
	struct ns_flush *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	e->duration_us = duration_us;
	e->mode = mode;
	e->for_prune = for_prune;
	e->coins = coins;
	e->memory = memory;
	submit(e, cfg());
	return 0;
}

static __always_inline int utxo(int tp, const void *txid, __u32 vout, __u32 height, __s64 value,
				bool coinbase)
{
	count(tp, NS_STAT_HITS);
	struct ns_utxo *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->txid, txid);
	e->vout = vout;
	e->height = height;
	e->value = value;
	e->coinbase = coinbase;
	e->reserved = 0;
	submit(e, cfg());
	return 0;
}

SEC("usdt")
int BPF_USDT(utxocache_add, const void *txid, unsigned int vout, unsigned int height, long value,
	     bool coinbase)
{
	return utxo(NS_UTXOCACHE_ADD, txid, vout, height, value, coinbase);
}

SEC("usdt")
int BPF_USDT(utxocache_spent, const void *txid, unsigned int vout, unsigned int height, long value,
	     bool coinbase)
{
	return utxo(NS_UTXOCACHE_SPENT, txid, vout, height, value, coinbase);
}

SEC("usdt")
int BPF_USDT(utxocache_uncache, const void *txid, unsigned int vout, unsigned int height,
	     long value, bool coinbase)
{
	return utxo(NS_UTXOCACHE_UNCACHE, txid, vout, height, value, coinbase);
}

/* ---- coin_selection ------------------------------------------------------------------------- */

SEC("usdt")
int BPF_USDT(coin_selection_selected_coins, const char *wallet, const char *algo, long target,
	     long waste, long selected_value)
{
	const int tp = NS_COIN_SELECTION_SELECTED_COINS;
	count(tp, NS_STAT_HITS);
	struct ns_selected_coins *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	e->target = target;
	e->waste = waste;
	e->selected_value = selected_value;
	read_str(&e->h, tp, e->algo, sizeof(e->algo), algo);
	read_str(&e->h, tp, e->wallet, sizeof(e->wallet), wallet);
	submit(e, cfg());
	return 0;
}

static __always_inline int create_tx(int tp, const char *wallet, bool use_aps, bool success,
				     __s64 fee, __s32 change_pos)
{
	count(tp, NS_STAT_HITS);
	struct ns_create_tx *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	e->fee = fee;
	e->change_pos = change_pos;
	e->success = success;
	e->use_aps = use_aps;
	e->reserved = 0;
	read_str(&e->h, tp, e->wallet, sizeof(e->wallet), wallet);
	submit(e, cfg());
	return 0;
}

SEC("usdt")
int BPF_USDT(coin_selection_normal_create_tx_internal, const char *wallet, bool success, long fee,
	     int change_pos)
{
	return create_tx(NS_COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL, wallet, false, success, fee,
			 change_pos);
}

SEC("usdt")
int BPF_USDT(coin_selection_aps_create_tx_internal, const char *wallet, bool use_aps,
	     bool success, long fee, int change_pos)
{
	return create_tx(NS_COIN_SELECTION_APS_CREATE_TX_INTERNAL, wallet, use_aps, success, fee,
			 change_pos);
}

SEC("usdt")
int BPF_USDT(coin_selection_attempting_aps_create_tx, const char *wallet)
{
	const int tp = NS_COIN_SELECTION_ATTEMPTING_APS_CREATE_TX;
	count(tp, NS_STAT_HITS);
	struct ns_wallet *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_str(&e->h, tp, e->wallet, sizeof(e->wallet), wallet);
	submit(e, cfg());
	return 0;
}

/* ---- mempool -------------------------------------------------------------------------------- */

SEC("usdt")
int BPF_USDT(mempool_added, const void *txid, int vsize, long fee)
{
	const int tp = NS_MEMPOOL_ADDED;
	count(tp, NS_STAT_HITS);
	struct ns_mempool_added *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->txid, txid);
	e->vsize = vsize;
	e->reserved = 0;
	e->fee = fee;
	submit(e, cfg());
	return 0;
}

SEC("usdt")
int BPF_USDT(mempool_removed, const void *txid, const char *reason, int vsize, long fee,
	     unsigned long entry_time)
{
	const int tp = NS_MEMPOOL_REMOVED;
	count(tp, NS_STAT_HITS);
	struct ns_mempool_removed *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->txid, txid);
	e->vsize = vsize;
	e->reserved = 0;
	e->fee = fee;
	e->entry_time = entry_time;
	read_str(&e->h, tp, e->reason, sizeof(e->reason), reason);
	submit(e, cfg());
	return 0;
}

/* 7 arguments up to v28, 8 since v29 (replacement_is_tx): asked of the spec, not assumed. */
SEC("usdt")
int BPF_USDT(mempool_replaced, const void *replaced_txid, int replaced_vsize, long replaced_fee,
	     unsigned long replaced_entry_time, const void *replacement_id, int replacement_vsize,
	     long replacement_fee)
{
	const int tp = NS_MEMPOOL_REPLACED;
	count(tp, NS_STAT_HITS);
	struct ns_mempool_replaced *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->replaced_txid, replaced_txid);
	read_hash(&e->h, tp, e->replacement_id, replacement_id);
	e->replaced_vsize = replaced_vsize;
	e->replacement_vsize = replacement_vsize;
	e->replaced_fee = replaced_fee;
	e->replaced_entry_time = replaced_entry_time;
	e->replacement_fee = replacement_fee;
	e->replacement_is_tx = 0;
	__builtin_memset(e->reserved, 0, sizeof(e->reserved));
	long is_tx = 0;
	if (bpf_usdt_arg_cnt(ctx) >= 8 && bpf_usdt_arg(ctx, 7, &is_tx) == 0) {
		e->h.flags |= NS_F_ARG7;
		e->replacement_is_tx = is_tx != 0;
	}
	submit(e, cfg());
	return 0;
}

SEC("usdt")
int BPF_USDT(mempool_rejected, const void *txid, const char *reason)
{
	const int tp = NS_MEMPOOL_REJECTED;
	count(tp, NS_STAT_HITS);
	struct ns_mempool_rejected *e = reserve(tp, sizeof(*e));
	if (!e)
		return 0;
	header(&e->h, tp);
	read_hash(&e->h, tp, e->txid, txid);
	read_str(&e->h, tp, e->reason, sizeof(e->reason), reason);
	submit(e, cfg());
	return 0;
}

/* Record layouts shared by the BPF programs (nodescope.bpf.c) and the Java decoder
 * (dev.nodescope.extract.RecordLayout). Every record starts with struct ns_header; the Java side
 * reads fields at fixed offsets, so any change here must be mirrored there (RecordLayoutTest
 * compiles this header and compares every offset). All little-endian, naturally aligned, no
 * implicit padding. */
#ifndef NODESCOPE_H
#define NODESCOPE_H

/* Tracepoint ids: the order of dev.nodescope.event.Tracepoint. */
enum ns_tracepoint {
	NS_NET_INBOUND_MESSAGE = 0,
	NS_NET_OUTBOUND_MESSAGE,
	NS_NET_INBOUND_CONNECTION,
	NS_NET_OUTBOUND_CONNECTION,
	NS_NET_EVICTED_INBOUND_CONNECTION,
	NS_NET_MISBEHAVING_CONNECTION,
	NS_NET_CLOSED_CONNECTION,
	NS_VALIDATION_BLOCK_CONNECTED,
	NS_UTXOCACHE_FLUSH,
	NS_UTXOCACHE_ADD,
	NS_UTXOCACHE_SPENT,
	NS_UTXOCACHE_UNCACHE,
	NS_COIN_SELECTION_SELECTED_COINS,
	NS_COIN_SELECTION_NORMAL_CREATE_TX_INTERNAL,
	NS_COIN_SELECTION_ATTEMPTING_APS_CREATE_TX,
	NS_COIN_SELECTION_APS_CREATE_TX_INTERNAL,
	NS_MEMPOOL_ADDED,
	NS_MEMPOOL_REMOVED,
	NS_MEMPOOL_REPLACED,
	NS_MEMPOOL_REJECTED,
	NS_TRACEPOINT_COUNT
};

/* Per-CPU counters: one struct ns_counters per tracepoint, indexed by stat, so user space reads
 * all of a tracepoint's counters with one lookup. */
enum ns_stat {
	NS_STAT_HITS = 0,            /* every hit of the tracepoint */
	NS_STAT_RING_RESERVE = 1,    /* event lost: no room in the ring buffer */
	NS_STAT_READ_USER = 2,       /* a string/hash/payload could not be read from the process */
	NS_STAT_TRUNCATED = 3,       /* a string or a requested payload was cut at its limit */
	NS_STAT_PAYLOAD_DROPPED = 4, /* event delivered without its payload: no room for it */
	NS_STAT_COUNT = 8
};

/* ns_header.flags (0x4 was "some string was cut", which nothing read: a cut string is counted
 * per tracepoint as NS_STAT_TRUNCATED; the bit is not to be reused for something else) */
#define NS_F_PAYLOAD_TRUNCATED 0x1 /* payloads asked for and captured < size */
#define NS_F_READ_ERROR        0x2 /* some argument could not be read: see NS_UNREADABLE */
#define NS_F_ARG7              0x8 /* mempool:replaced carried its 8th argument (v29+) */

/* A string argument that could not be read is "" followed by this byte, so the reader can tell
 * it from an empty string (when NS_F_READ_ERROR is set); a hash that could not be read is 32
 * zero bytes, which no real hash is. */
#define NS_UNREADABLE 0x01

struct ns_counters {
	__u64 count[NS_STAT_COUNT];
};

#define NS_THREAD_LEN 16
#define NS_ADDR_LEN 256
#define NS_CONN_TYPE_LEN 24
#define NS_MSG_TYPE_LEN 16
#define NS_REASON_LEN 128
#define NS_REMOVAL_REASON_LEN 16
#define NS_WALLET_LEN 128
#define NS_ALGO_LEN 16
#define NS_MAX_PAYLOAD 4000000 /* MAX_PROTOCOL_MESSAGE_LENGTH */

struct ns_header {
	__u16 type;
	__u16 flags;
	__u32 pid;
	__u32 tid;
	__u32 reserved;
	__u64 mono_ns;
	char thread[NS_THREAD_LEN];
};

struct ns_message {
	struct ns_header h;
	__s64 peer_id;
	__u64 size;
	__u32 captured;
	__u32 reserved;
	char conn_type[NS_CONN_TYPE_LEN];
	char msg_type[NS_MSG_TYPE_LEN];
	char addr[NS_ADDR_LEN];
	__u8 payload[];
};

struct ns_connection {
	struct ns_header h;
	__s64 peer_id;
	__s64 value; /* existing connections (opened) or time established (closed/evicted) */
	__u32 network;
	__u32 reserved;
	char conn_type[NS_CONN_TYPE_LEN];
	char addr[NS_ADDR_LEN];
};

struct ns_misbehaving {
	struct ns_header h;
	__s64 peer_id;
	char reason[NS_REASON_LEN];
};

struct ns_block_connected {
	struct ns_header h;
	__u8 hash[32];
	__s32 height;
	__s32 inputs;
	__u64 transactions;
	__s64 sigops;
	__s64 duration;
};

struct ns_flush {
	struct ns_header h;
	__s64 duration_us;
	__u32 mode;
	__u32 for_prune;
	__u64 coins;
	__u64 memory;
};

struct ns_utxo {
	struct ns_header h;
	__u8 txid[32];
	__u32 vout;
	__u32 height;
	__s64 value;
	__u32 coinbase;
	__u32 reserved;
};

struct ns_selected_coins {
	struct ns_header h;
	__s64 target;
	__s64 waste;
	__s64 selected_value;
	char algo[NS_ALGO_LEN];
	char wallet[NS_WALLET_LEN];
};

struct ns_create_tx { /* normal_create_tx_internal (use_aps unused) and aps_create_tx_internal */
	struct ns_header h;
	__s64 fee;
	__s32 change_pos;
	__u8 success;
	__u8 use_aps;
	__u16 reserved;
	char wallet[NS_WALLET_LEN];
};

struct ns_wallet { /* attempting_aps_create_tx */
	struct ns_header h;
	char wallet[NS_WALLET_LEN];
};

struct ns_mempool_added {
	struct ns_header h;
	__u8 txid[32];
	__s32 vsize;
	__u32 reserved;
	__s64 fee;
};

struct ns_mempool_removed {
	struct ns_header h;
	__u8 txid[32];
	__s32 vsize;
	__u32 reserved;
	__s64 fee;
	__u64 entry_time;
	char reason[NS_REMOVAL_REASON_LEN];
};

struct ns_mempool_replaced {
	struct ns_header h;
	__u8 replaced_txid[32];
	__u8 replacement_id[32];
	__s32 replaced_vsize;
	__s32 replacement_vsize;
	__s64 replaced_fee;
	__u64 replaced_entry_time;
	__s64 replacement_fee;
	__u8 replacement_is_tx;
	__u8 reserved[7];
};

struct ns_mempool_rejected {
	struct ns_header h;
	__u8 txid[32];
	char reason[NS_REASON_LEN];
};

/* The single entry of the `config` map, written by the extractor after load. */
struct ns_config {
	__u32 payload_max; /* bytes of P2P payload to copy; 0 = none */
	__u32 reserved;
	__u64 wake_bytes;  /* force a wake-up only when this much data waits in the ring */
};

#endif

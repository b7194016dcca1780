package dev.nodescope.p2p;

import dev.nodescope.hex.Hex;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.nodescope.p2p.P2pMessage.Addr;
import dev.nodescope.p2p.P2pMessage.AddrV2;
import dev.nodescope.p2p.P2pMessage.Block;
import dev.nodescope.p2p.P2pMessage.BlockTxn;
import dev.nodescope.p2p.P2pMessage.CFCheckpt;
import dev.nodescope.p2p.P2pMessage.CFHeaders;
import dev.nodescope.p2p.P2pMessage.CFilter;
import dev.nodescope.p2p.P2pMessage.CmpctBlock;
import dev.nodescope.p2p.P2pMessage.FeeFilter;
import dev.nodescope.p2p.P2pMessage.FilterAdd;
import dev.nodescope.p2p.P2pMessage.FilterClear;
import dev.nodescope.p2p.P2pMessage.FilterLoad;
import dev.nodescope.p2p.P2pMessage.GetAddr;
import dev.nodescope.p2p.P2pMessage.GetBlockTxn;
import dev.nodescope.p2p.P2pMessage.GetBlocks;
import dev.nodescope.p2p.P2pMessage.GetCFCheckpt;
import dev.nodescope.p2p.P2pMessage.GetCFHeaders;
import dev.nodescope.p2p.P2pMessage.GetCFilters;
import dev.nodescope.p2p.P2pMessage.GetData;
import dev.nodescope.p2p.P2pMessage.GetHeaders;
import dev.nodescope.p2p.P2pMessage.Headers;
import dev.nodescope.p2p.P2pMessage.Inv;
import dev.nodescope.p2p.P2pMessage.Mempool;
import dev.nodescope.p2p.P2pMessage.MerkleBlock;
import dev.nodescope.p2p.P2pMessage.NotFound;
import dev.nodescope.p2p.P2pMessage.Ping;
import dev.nodescope.p2p.P2pMessage.Pong;
import dev.nodescope.p2p.P2pMessage.Reject;
import dev.nodescope.p2p.P2pMessage.SendAddrV2;
import dev.nodescope.p2p.P2pMessage.SendCmpct;
import dev.nodescope.p2p.P2pMessage.SendHeaders;
import dev.nodescope.p2p.P2pMessage.SendTxRcncl;
import dev.nodescope.p2p.P2pMessage.Tx;
import dev.nodescope.p2p.P2pMessage.Unknown;
import dev.nodescope.p2p.P2pMessage.Verack;
import dev.nodescope.p2p.P2pMessage.Version;
import dev.nodescope.p2p.P2pMessage.WtxidRelay;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * Writes decoded messages as JSON objects with snake_case fields: the {@code decoded} and
 * {@code decode_error} fields of {@code net:*_message} events, and what {@code nodescope decode}
 * prints. Hashes in RPC order; unsigned 64-bit values (services, nonces, salt) as unsigned
 * numbers; null fields of a partly decoded message are left out.
 */
public final class P2pJson {
    private static final JsonFactory FACTORY = new JsonFactory();

    private P2pJson() {
    }

    /**
     * Writes {@code decoded} (when there is a message) and {@code decode_error} (when there is an
     * error) into the object being written.
     */
    public static void writeFields(JsonGenerator g, DecodeResult result) throws IOException {
        if (result.message() != null) {
            g.writeFieldName("decoded");
            write(g, result.message());
        }
        if (result.error() != null) {
            g.writeFieldName("decode_error");
            write(g, result.error());
        }
    }

    public static void write(JsonGenerator g, DecodeError e) throws IOException {
        g.writeStartObject();
        g.writeNumberField("offset", e.offset());
        g.writeStringField("reason", e.reason());
        g.writeEndObject();
    }

    /** One JSON object: {@code type}, then the message's fields. */
    public static void write(JsonGenerator g, P2pMessage message) throws IOException {
        g.writeStartObject();
        g.writeStringField("type", message.type());
        fields(g, message);
        g.writeEndObject();
    }

    /** The message as a JSON string (for one-off use; event writers use {@link #write}). */
    public static String toJson(P2pMessage message) {
        StringWriter out = new StringWriter();
        try (JsonGenerator g = FACTORY.createGenerator(out)) {
            write(g, message);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toString();
    }

    private static void fields(JsonGenerator g, P2pMessage message) throws IOException {
        switch (message) {
            case Version m -> {
                g.writeNumberField("version", m.version());
                unsigned(g, "services", m.services());
                g.writeArrayFieldStart("services_names");
                for (String name : ServiceFlags.names(m.services())) {
                    g.writeString(name);
                }
                g.writeEndArray();
                g.writeNumberField("time", m.time());
                peer(g, "addr_recv", m.addrRecv());
                if (m.addrFrom() != null) {
                    peer(g, "addr_from", m.addrFrom());
                }
                if (m.nonce() != null) {
                    unsigned(g, "nonce", m.nonce());
                }
                if (m.userAgent() != null) {
                    g.writeStringField("user_agent", m.userAgent());
                }
                if (m.startHeight() != null) {
                    g.writeNumberField("start_height", m.startHeight());
                }
                if (m.relay() != null) {
                    g.writeBooleanField("relay", m.relay());
                }
            }
            case Addr m -> addresses(g, m.addresses());
            case AddrV2 m -> addresses(g, m.addresses());
            case Inv m -> items(g, m.items());
            case GetData m -> items(g, m.items());
            case NotFound m -> items(g, m.items());
            case GetBlocks m -> locator(g, m.version(), m.locator(), m.stopHash());
            case GetHeaders m -> locator(g, m.version(), m.locator(), m.stopHash());
            case Headers m -> {
                g.writeArrayFieldStart("headers");
                for (Headers.Entry e : m.headers()) {
                    g.writeStartObject();
                    header(g, e.header());
                    g.writeNumberField("tx_count", e.txCount());
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case Block m -> {
                header(g, m.header());
                g.writeNumberField("tx_count", m.txCount());
                transactions(g, m.transactions());
            }
            case Tx m -> tx(g, m);
            case CmpctBlock m -> {
                header(g, m.header());
                unsigned(g, "short_id_nonce", m.shortIdNonce());
                g.writeNumberField("short_id_count", m.shortIdCount());
                g.writeArrayFieldStart("prefilled");
                for (CmpctBlock.Prefilled p : m.prefilled()) {
                    g.writeStartObject();
                    g.writeNumberField("index", p.index());
                    g.writeFieldName("tx");
                    g.writeStartObject();
                    tx(g, p.tx());
                    g.writeEndObject();
                    g.writeEndObject();
                }
                g.writeEndArray();
            }
            case GetBlockTxn m -> {
                g.writeStringField("block_hash", m.blockHash());
                g.writeArrayFieldStart("indexes");
                for (int i : m.indexes()) {
                    g.writeNumber(i);
                }
                g.writeEndArray();
            }
            case BlockTxn m -> {
                g.writeStringField("block_hash", m.blockHash());
                transactions(g, m.transactions());
            }
            case SendCmpct m -> {
                g.writeBooleanField("announce", m.announce());
                unsigned(g, "version", m.version());
            }
            case FeeFilter m -> g.writeNumberField("fee_rate", m.feeRate());
            case Ping m -> unsigned(g, "nonce", m.nonce());
            case Pong m -> unsigned(g, "nonce", m.nonce());
            case MerkleBlock m -> {
                header(g, m.header());
                g.writeNumberField("total_transactions", m.totalTransactions());
                strings(g, "hashes", m.hashes());
                if (m.flagsHex() != null) {
                    g.writeStringField("flags", m.flagsHex());
                }
            }
            case FilterLoad m -> {
                g.writeNumberField("filter_size", m.filterSize());
                g.writeNumberField("hash_funcs", m.hashFuncs());
                g.writeNumberField("tweak", m.tweak());
                g.writeNumberField("flags", m.flags());
            }
            case FilterAdd m -> g.writeStringField("data", m.dataHex());
            case GetCFilters m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeNumberField("start_height", m.startHeight());
                g.writeStringField("stop_hash", m.stopHash());
            }
            case CFilter m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeStringField("block_hash", m.blockHash());
                g.writeNumberField("filter_size", m.filterSize());
            }
            case GetCFHeaders m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeNumberField("start_height", m.startHeight());
                g.writeStringField("stop_hash", m.stopHash());
            }
            case CFHeaders m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeStringField("stop_hash", m.stopHash());
                g.writeStringField("previous_filter_header", m.previousFilterHeader());
                strings(g, "filter_hashes", m.filterHashes());
            }
            case GetCFCheckpt m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeStringField("stop_hash", m.stopHash());
            }
            case CFCheckpt m -> {
                g.writeNumberField("filter_type", m.filterType());
                g.writeStringField("stop_hash", m.stopHash());
                strings(g, "filter_headers", m.filterHeaders());
            }
            case SendTxRcncl m -> {
                g.writeNumberField("version", m.version());
                unsigned(g, "salt", m.salt());
            }
            case Reject m -> {
                g.writeStringField("message", m.message());
                g.writeNumberField("code", m.code());
                g.writeStringField("reason", m.reason());
                if (m.hash() != null) {
                    g.writeStringField("hash", m.hash());
                }
            }
            case Unknown m -> {
                g.writeBooleanField("unknown", true);
                g.writeNumberField("size", m.size());
            }
            case Verack _, SendAddrV2 _, GetAddr _, Mempool _, SendHeaders _, WtxidRelay _, FilterClear _ -> {
                // nothing but the type
            }
        }
    }

    private static void header(JsonGenerator g, BlockHeader h) throws IOException {
        g.writeStringField("hash", h.hash());
        g.writeNumberField("version", h.version());
        g.writeStringField("prev_hash", h.prevHash());
        g.writeStringField("merkle_root", h.merkleRoot());
        g.writeNumberField("time", h.time());
        // as RPC writes bits: 8 hex digits
        g.writeStringField("bits", Hex.u32(h.bits()));
        g.writeNumberField("nonce", h.nonce());
    }

    private static void transactions(JsonGenerator g, List<Tx> txs) throws IOException {
        g.writeArrayFieldStart("transactions");
        for (Tx tx : txs) {
            g.writeStartObject();
            tx(g, tx);
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void tx(JsonGenerator g, Tx tx) throws IOException {
        g.writeStringField("txid", tx.txid());
        g.writeStringField("wtxid", tx.wtxid());
        g.writeNumberField("version", tx.version());
        g.writeNumberField("locktime", tx.lockTime());
        g.writeNumberField("size", tx.size());
        g.writeNumberField("vsize", tx.vsize());
        g.writeNumberField("weight", tx.weight());
        g.writeBooleanField("segwit", tx.segwit());
        g.writeNumberField("input_count", tx.inputCount());
        g.writeNumberField("output_count", tx.outputCount());
        g.writeArrayFieldStart("outputs");
        for (Tx.Output o : tx.outputs()) {
            g.writeStartObject();
            g.writeNumberField("value", o.value());
            g.writeNumberField("script_pubkey_size", o.scriptPubKeySize());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void items(JsonGenerator g, List<InvItem> items) throws IOException {
        g.writeArrayFieldStart("items");
        for (InvItem item : items) {
            g.writeStartObject();
            if (item.typeName() != null) {
                g.writeStringField("type", item.typeName());
            } else {
                g.writeStringField("type", "unknown");
                g.writeNumberField("type_id", item.type());
            }
            g.writeStringField("hash", item.hash());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void locator(JsonGenerator g, int version, List<String> locator, String stopHash) throws IOException {
        g.writeNumberField("version", version);
        strings(g, "locator", locator);
        if (stopHash != null) {
            g.writeStringField("stop_hash", stopHash);
        }
    }

    private static void addresses(JsonGenerator g, List<AddrEntry> entries) throws IOException {
        g.writeArrayFieldStart("addresses");
        for (AddrEntry e : entries) {
            g.writeStartObject();
            g.writeNumberField("time", e.time());
            address(g, e.peer());
            g.writeEndObject();
        }
        g.writeEndArray();
    }

    private static void peer(JsonGenerator g, String name, PeerAddress p) throws IOException {
        g.writeObjectFieldStart(name);
        address(g, p);
        g.writeEndObject();
    }

    /** The fields of an address as getrawaddrman writes them, plus the bytes Core cannot name. */
    private static void address(JsonGenerator g, PeerAddress p) throws IOException {
        unsigned(g, "services", p.services());
        NetAddress a = p.address();
        g.writeStringField("network", a.network().jsonName());
        if (a.network() == NetAddress.Network.UNKNOWN) {
            g.writeNumberField("network_id", a.networkId());
        }
        if (a.text() != null) {
            g.writeStringField("address", a.text());
        } else {
            g.writeStringField("address_hex", a.rawHex());
        }
        g.writeNumberField("port", p.port());
    }

    private static void strings(JsonGenerator g, String name, List<String> values) throws IOException {
        g.writeArrayFieldStart(name);
        for (String v : values) {
            g.writeString(v);
        }
        g.writeEndArray();
    }

    private static void unsigned(JsonGenerator g, String name, long value) throws IOException {
        g.writeFieldName(name);
        if (value >= 0) {
            g.writeNumber(value);
        } else {
            // above 2^63: written as the unsigned decimal it is
            g.writeNumber(Long.toUnsignedString(value));
        }
    }
}

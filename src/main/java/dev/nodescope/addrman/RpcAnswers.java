package dev.nodescope.addrman;

import dev.nodescope.error.UserException;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Turns the node's RPC answers (getrawaddrman, getaddrmaninfo, getpeerinfo, getnetworkinfo) into a snapshot. */
public final class RpcAnswers {
    private RpcAnswers() {
    }

    /** A snapshot from the four answers; {@code info}, {@code peers} and {@code network} may be null. */
    public static AddrmanSnapshot snapshot(long timeMillis, JsonNode rawAddrman, JsonNode info, JsonNode peers,
                                           JsonNode network) {
        if (rawAddrman == null || !rawAddrman.isObject()) {
            throw new UserException("getrawaddrman answered something that is not an object");
        }
        List<AddrEntry> entries = new ArrayList<>();
        for (Table table : Table.values()) {
            JsonNode t = rawAddrman.path(table.jsonName());
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                entries.add(entry(table, f.getKey(), f.getValue()));
            }
        }
        return new AddrmanSnapshot(timeMillis, facts(network), counts(info), peers(peers), entries);
    }

    private static AddrEntry entry(Table table, String key, JsonNode e) {
        int slash = key.indexOf('/');
        int bucket;
        int position;
        try {
            bucket = Integer.parseInt(key.substring(0, slash));
            position = Integer.parseInt(key.substring(slash + 1));
        } catch (RuntimeException ex) {
            throw new UserException("getrawaddrman: '" + key + "' in " + table.jsonName() + " is not bucket/position");
        }
        if (bucket < 0 || bucket >= table.buckets() || position < 0 || position >= Table.BUCKET_SIZE) {
            throw new UserException("getrawaddrman: " + table.jsonName() + " slot " + key + " is outside the table ("
                    + table.buckets() + " buckets of " + Table.BUCKET_SIZE + ")");
        }
        if (!e.path("address").isTextual() || !e.path("port").canConvertToInt()) {
            throw new UserException("getrawaddrman: " + table.jsonName() + " " + key + " has no address or port");
        }
        return new AddrEntry(table.slot(bucket, position), e.path("address").asText(), e.path("port").asInt(),
                e.path("services").asLong(), e.path("time").asLong(), e.path("network").asText("unknown"),
                e.path("source").asText(""), e.path("source_network").asText("unknown"), e.path("mapped_as").asInt(0),
                e.path("source_mapped_as").asInt(0));
    }

    private static Map<String, long[]> counts(JsonNode info) {
        Map<String, long[]> counts = new LinkedHashMap<>();
        if (info != null) {
            for (Iterator<Map.Entry<String, JsonNode>> it = info.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> f = it.next();
                counts.put(f.getKey(), new long[] {f.getValue().path("new").asLong(), f.getValue().path("tried").asLong()});
            }
        }
        return counts;
    }

    private static List<Peer> peers(JsonNode peers) {
        List<Peer> list = new ArrayList<>();
        if (peers != null) {
            for (JsonNode p : peers) {
                list.add(new Peer(p.path("id").asLong(), p.path("addr").asText(), p.path("network").asText(),
                        p.path("connection_type").asText(), p.path("inbound").asBoolean(), p.path("mapped_as").asInt(0),
                        p.path("conntime").asLong()));
            }
        }
        return list;
    }

    private static NodeFacts facts(JsonNode n) {
        if (n == null || n.isNull()) {
            return NodeFacts.UNKNOWN;
        }
        return new NodeFacts(n.path("version").asInt(), n.path("subversion").asText(), n.path("connections_in").asInt(),
                n.path("connections_out").asInt());
    }
}

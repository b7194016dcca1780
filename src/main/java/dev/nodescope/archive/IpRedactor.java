package dev.nodescope.archive;

import dev.nodescope.event.ClosedConnection;
import dev.nodescope.event.Event;
import dev.nodescope.event.EvictedInboundConnection;
import dev.nodescope.hex.Hex;
import dev.nodescope.event.InboundConnection;
import dev.nodescope.event.InboundMessage;
import dev.nodescope.event.MessageEvent;
import dev.nodescope.event.OutboundConnection;
import dev.nodescope.event.OutboundMessage;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * Replaces peer addresses by pseudonyms for archives that leave the machine. The same address
 * gets the same pseudonym throughout one recording (so per-peer analysis still works), from an
 * HMAC under a random key that is never stored: the IPv4 space is small enough to reverse a plain
 * hash, not a keyed one. The port is kept (8333 or not says something about the peer, not who
 * it is). Payloads that carry addresses (version, addr, addrv2) are left out.
 */
public final class IpRedactor {
    static final Set<String> ADDRESS_CARRYING = Set.of("version", "addr", "addrv2");

    private final Mac mac;
    private final Map<String, String> cache = new LinkedHashMap<>(1024, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
            return size() > 65_536;
        }
    };
    private long payloadsDropped;

    private IpRedactor(byte[] key) {
        try {
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    public static IpRedactor withRandomKey() {
        byte[] key = new byte[32];
        new SecureRandom().nextBytes(key);
        return new IpRedactor(key);
    }

    Event apply(Event e) {
        return switch (e) {
            case MessageEvent m -> message(m);
            case InboundConnection c -> new InboundConnection(c.meta(), c.peerId(), pseudonym(c.addr()), c.connType(),
                    c.network(), c.existingConnections());
            case OutboundConnection c -> new OutboundConnection(c.meta(), c.peerId(), pseudonym(c.addr()), c.connType(),
                    c.network(), c.existingConnections());
            case ClosedConnection c -> new ClosedConnection(c.meta(), c.peerId(), pseudonym(c.addr()), c.connType(),
                    c.network(), c.timeEstablished());
            case EvictedInboundConnection c -> new EvictedInboundConnection(c.meta(), c.peerId(), pseudonym(c.addr()),
                    c.connType(), c.network(), c.timeEstablished());
            default -> e;
        };
    }

    /** A payload that carries addresses is left out: captured 0, truncated, as when it did not fit. */
    private Event message(MessageEvent m) {
        byte[] payload = m.payload();
        int captured = m.captured();
        boolean truncated = m.truncated();
        if (payload != null && ADDRESS_CARRYING.contains(m.msgType())) {
            payload = null;
            captured = 0;
            truncated = m.size() > 0;
            payloadsDropped++;
        }
        String addr = pseudonym(m.addr());
        return m.inbound()
                ? new InboundMessage(m.meta(), m.peerId(), addr, m.connType(), m.msgType(), m.size(), captured, truncated, payload)
                : new OutboundMessage(m.meta(), m.peerId(), addr, m.connType(), m.msgType(), m.size(), captured, truncated, payload);
    }

    /** {@code 203.0.113.7:8333} becomes e.g. {@code peer-5d41402abc4b.redacted:8333}. */
    public String pseudonym(String addr) {
        if (addr == null || addr.isEmpty()) {
            return addr;
        }
        String known = cache.get(addr);
        if (known != null) {
            return known;
        }
        int colon = addr.lastIndexOf(':');
        String host = addr;
        String port = "";
        if (colon > 0 && colon < addr.length() - 1 && addr.substring(colon + 1).chars().allMatch(Character::isDigit)) {
            host = addr.substring(0, colon);
            port = addr.substring(colon);
        }
        byte[] digest = mac.doFinal(host.getBytes(StandardCharsets.UTF_8));
        byte[] id = new byte[6];
        System.arraycopy(digest, 0, id, 0, id.length);
        String result = "peer-" + Hex.encode(id) + ".redacted" + port;
        cache.put(addr, result);
        return result;
    }

    long payloadsDropped() {
        return payloadsDropped;
    }
}

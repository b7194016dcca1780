package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Which request each reply of a conversation answers: by key where payloads decode, oldest first where not. */
class ReplyMatcherTest {
    private static final boolean IN = true;
    private static final boolean OUT = false;
    private final ReplyMatcher matcher = new ReplyMatcher();
    private long seq;

    private long next(boolean inbound, String type, P2pMessage message) {
        return matcher.next(++seq, inbound, type, message);
    }

    private static String hash(int n) {
        return String.format("%064x", n);
    }

    private static P2pMessage.Tx tx(String txid, String wtxid) {
        return new P2pMessage.Tx(txid, wtxid, 2, 0, 200, 800, 200, false, 1, 1, List.of());
    }

    private static BlockHeader header(String hash, String prev) {
        return new BlockHeader(hash, 0x20000000, prev, hash(0), 1_700_000_000L, 0x207fffff, 0);
    }

    private static InvItem item(String type, String hash) {
        return new InvItem(type.equals("MSG_WTX") ? 5 : type.equals("MSG_WITNESS_TX") ? 0x40000001 : 0x40000002, type, hash);
    }

    @Test
    void aPongAnswersThePingOfItsNonceSentTheOtherWay() {
        assertThat(next(OUT, "ping", new P2pMessage.Ping(0xAAL))).isEqualTo(-1);      // 1
        assertThat(next(IN, "ping", new P2pMessage.Ping(0xBBL))).isEqualTo(-1);       // 2
        assertThat(next(OUT, "pong", new P2pMessage.Pong(0xBBL))).isEqualTo(2);       // 3: ours answers theirs
        assertThat(next(IN, "pong", new P2pMessage.Pong(0xCCL))).isEqualTo(-1);      // 4: no ping of that nonce
        assertThat(next(IN, "pong", new P2pMessage.Pong(0xAAL))).isEqualTo(1);       // 5
        assertThat(next(IN, "pong", new P2pMessage.Pong(0xAAL))).isEqualTo(-1);      // 6: answered already
        assertThat(next(OUT, "ping", new P2pMessage.Ping(0xDDL))).isEqualTo(-1);      // 7
        assertThat(next(OUT, "pong", new P2pMessage.Pong(0xDDL))).isEqualTo(-1);      // 8: same way as the ping: not its reply
        assertThat(next(IN, "pong", null)).isEqualTo(7);                              // 9: nonce unknown: the oldest open ping
    }

    @Test
    void getdataIsAnsweredItemByItemByHashTxidOrWtxid() {
        String a = hash(0xa1);
        String b = hash(0xb1);
        String bWitness = hash(0xb2);
        assertThat(next(OUT, "getdata", new P2pMessage.GetData(List.of(item("MSG_WITNESS_TX", a), item("MSG_WTX", bWitness)))))
                .isEqualTo(-1);                                                                   // 1
        assertThat(next(IN, "tx", tx(hash(0xc1), hash(0xc1)))).isEqualTo(-1);                  // 2: unsolicited
        assertThat(next(IN, "tx", tx(b, bWitness))).isEqualTo(1);                              // 3: by wtxid
        assertThat(next(IN, "inv", new P2pMessage.Inv(List.of(item("MSG_WTX", a))))).isEqualTo(-1); // 4: an announcement
        assertThat(next(IN, "tx", tx(a, a))).isEqualTo(1);                                     // 5: by txid; the getdata is done
        assertThat(next(IN, "tx", tx(a, a))).isEqualTo(-1);                                    // 6: asked once, answered once
        String block = hash(0xd1);
        String missing = hash(0xe1);
        assertThat(next(IN, "getdata", new P2pMessage.GetData(List.of(item("MSG_WITNESS_BLOCK", block), item("MSG_WTX", missing)))))
                .isEqualTo(-1);                                                                   // 7: the peer asks us
        assertThat(next(OUT, "notfound", new P2pMessage.NotFound(List.of(item("MSG_WTX", missing))))).isEqualTo(7); // 8
        assertThat(next(OUT, "block", new P2pMessage.Block(header(block, hash(0)), 1, List.of()))).isEqualTo(7);   // 9
        assertThat(next(OUT, "block", new P2pMessage.Block(header(block, hash(0)), 1, List.of()))).isEqualTo(-1);  // 10
    }

    @Test
    void withoutPayloadsRepliesTakeTheOldestOpenRequestOfTheirKind() {
        assertThat(next(OUT, "getdata", null)).isEqualTo(-1);                            // 1
        assertThat(next(OUT, "getdata", new P2pMessage.GetData(List.of(item("MSG_WTX", hash(1)), item("MSG_WTX", hash(2))))))
                .isEqualTo(-1);                                                                   // 2
        assertThat(next(IN, "tx", null)).isEqualTo(1);                                  // 3: the unknown getdata, answered
        assertThat(next(IN, "tx", null)).isEqualTo(2);                                  // 4: one item of the next
        assertThat(next(IN, "tx", tx(hash(2), hash(2)))).isEqualTo(2);                 // 5: its last item, by hash
        assertThat(next(IN, "tx", null)).isEqualTo(-1);                                 // 6: nothing open
    }

    @Test
    void headersAnswerTheGetheadersWhoseLocatorHoldsTheirFirstParent() {
        assertThat(next(OUT, "getheaders", new P2pMessage.GetHeaders(70016, List.of(hash(9), hash(5)), hash(0)))).isEqualTo(-1); // 1
        assertThat(next(IN, "headers", new P2pMessage.Headers(List.of(new P2pMessage.Headers.Entry(header(hash(20), hash(19)), 0)))))
                .isEqualTo(-1);                                                                   // 2: an announcement on another tip
        assertThat(next(IN, "headers", new P2pMessage.Headers(List.of(new P2pMessage.Headers.Entry(header(hash(6), hash(5)), 0)))))
                .isEqualTo(1);                                                                    // 3: follows the locator's hash 5
        assertThat(next(IN, "getheaders", new P2pMessage.GetHeaders(70016, List.of(hash(6)), hash(0)))).isEqualTo(-1); // 4
        assertThat(next(OUT, "headers", new P2pMessage.Headers(List.of()))).isEqualTo(4);    // 5: nothing new to send, still the reply
    }

    @Test
    void handshakeAddressesAndCompactBlockRequests() {
        assertThat(next(OUT, "version", null)).isEqualTo(-1);                                  // 1
        assertThat(next(IN, "version", null)).isEqualTo(-1);                                   // 2
        assertThat(next(IN, "verack", new P2pMessage.Verack())).isEqualTo(1);                 // 3: theirs acknowledges ours
        assertThat(next(OUT, "sendcmpct", new P2pMessage.SendCmpct(false, 2))).isEqualTo(-1); // 4: a setting, nobody's reply
        assertThat(next(OUT, "verack", new P2pMessage.Verack())).isEqualTo(2);                // 5
        assertThat(next(OUT, "feefilter", new P2pMessage.FeeFilter(1000))).isEqualTo(-1);     // 6
        assertThat(next(OUT, "getaddr", new P2pMessage.GetAddr())).isEqualTo(-1);             // 7
        assertThat(next(IN, "addrv2", new P2pMessage.AddrV2(List.of()))).isEqualTo(7);        // 8
        assertThat(next(IN, "addr", new P2pMessage.Addr(List.of()))).isEqualTo(-1);           // 9: getaddr is answered once
        assertThat(next(OUT, "getblocktxn", new P2pMessage.GetBlockTxn(hash(7), List.of(1, 2)))).isEqualTo(-1); // 10
        assertThat(next(OUT, "getblocktxn", new P2pMessage.GetBlockTxn(hash(8), List.of(3)))).isEqualTo(-1);    // 11
        assertThat(next(IN, "blocktxn", new P2pMessage.BlockTxn(hash(8), List.of()))).isEqualTo(11);          // 12: by block
        assertThat(next(IN, "blocktxn", new P2pMessage.BlockTxn(hash(7), List.of()))).isEqualTo(10);          // 13
    }

    @Test
    void openRequestsAreBoundedOldestForgottenFirst() {
        for (int i = 0; i < ReplyMatcher.MAX_OPEN + 10; i++) {
            next(OUT, "ping", new P2pMessage.Ping(i));
        }
        assertThat(next(IN, "pong", new P2pMessage.Pong(0))).isEqualTo(-1);
        assertThat(next(IN, "pong", new P2pMessage.Pong(9))).isEqualTo(-1);
        assertThat(next(IN, "pong", new P2pMessage.Pong(10))).isEqualTo(11);
        assertThat(next(IN, "pong", new P2pMessage.Pong(ReplyMatcher.MAX_OPEN + 9))).isEqualTo(ReplyMatcher.MAX_OPEN + 10);
    }
}

package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.p2p.P2pMessage.CFCheckpt;
import dev.nodescope.p2p.P2pMessage.CFHeaders;
import dev.nodescope.p2p.P2pMessage.CFilter;
import dev.nodescope.p2p.P2pMessage.GetCFCheckpt;
import dev.nodescope.p2p.P2pMessage.GetCFHeaders;
import dev.nodescope.p2p.P2pMessage.GetCFilters;
import java.util.List;
import org.junit.jupiter.api.Test;

/** BIP157 messages, built from the BIP's field tables. */
class CompactFiltersTest {
    private static final String STOP = "0000000000000000000327d2b25e7ec7a36dc5ba0e0ce2a7e7e7dbba4ec1b1e1";
    private static final String H1 = "1111111111111111111111111111111111111111111111111111111111111100";
    private static final String H2 = "2222222222222222222222222222222222222222222222222222222222222200";
    private static final String H3 = "3333333333333333333333333333333333333333333333333333333333333300";

    @Test
    void getCFilters() {
        DecodeResult r = Payload.of().u8(0).u32(800_000).hash(STOP).decode("getcfilters");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new GetCFilters(0, 800_000, STOP));
    }

    @Test
    void cFilter() {
        // BIP158's basic filter of the genesis block
        DecodeResult r = Payload.of().u8(0).hash(STOP).compactSize(4).hex("019dfca8").decode("cfilter");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new CFilter(0, STOP, 4));
    }

    @Test
    void getCFHeaders() {
        DecodeResult r = Payload.of().u8(0).u32(1000).hash(STOP).decode("getcfheaders");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new GetCFHeaders(0, 1000, STOP));
    }

    @Test
    void cfHeaders() {
        DecodeResult r = Payload.of().u8(0).hash(STOP).hash(H1).compactSize(2).hash(H2).hash(H3).decode("cfheaders");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new CFHeaders(0, STOP, H1, List.of(H2, H3)));
    }

    @Test
    void getCFCheckpt() {
        DecodeResult r = Payload.of().u8(0).hash(STOP).decode("getcfcheckpt");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new GetCFCheckpt(0, STOP));
    }

    @Test
    void cfCheckpt() {
        DecodeResult r = Payload.of().u8(0).hash(STOP).compactSize(3).hash(H1).hash(H2).hash(H3).decode("cfcheckpt");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new CFCheckpt(0, STOP, List.of(H1, H2, H3)));
    }

    @Test
    void aCutCheckpointListKeepsTheHeadersReadWhole() {
        byte[] whole = Payload.of().u8(0).hash(STOP).compactSize(3).hash(H1).hash(H2).hash(H3).bytes();
        DecodeResult r = P2pDecoder.decode("cfcheckpt", java.util.Arrays.copyOf(whole, whole.length - 1), whole.length);
        assertThat(r.message()).isEqualTo(new CFCheckpt(0, STOP, List.of(H1, H2)));
        assertThat(r.error().offset()).isEqualTo(1 + 32 + 1 + 64);
        assertThat(r.truncated()).isTrue();
    }
}

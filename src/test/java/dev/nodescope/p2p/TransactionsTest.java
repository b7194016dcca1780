package dev.nodescope.p2p;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.p2p.P2pMessage.Tx;
import org.junit.jupiter.api.Test;

/** Transaction serialization rules beyond the regtest payloads (which are all segwit). */
class TransactionsTest {

    @Test
    void legacyTransaction() {
        DecodeResult r = Payload.of().hex(TxVectors.LEGACY).decode("tx");
        assertThat(r.ok()).isTrue();
        assertThat(r.message()).isEqualTo(new Tx(TxVectors.LEGACY_TXID, TxVectors.LEGACY_TXID, 1, 0, 95, 380, 95, false, 1, 2,
                java.util.List.of(new Tx.Output(100_000, 1), new Tx.Output(123_456_789, 22))));
    }

    @Test
    void segwitWithAnEmptyStackOnOneInput() {
        DecodeResult r = Payload.of().hex(TxVectors.SEGWIT).decode("tx");
        assertThat(r.ok()).isTrue();
        Tx tx = (Tx) r.message();
        assertThat(tx.txid()).isEqualTo(TxVectors.SEGWIT_TXID);
        assertThat(tx.wtxid()).isEqualTo(TxVectors.SEGWIT_WTXID);
        assertThat(tx.size()).isEqualTo(132);
        assertThat(tx.weight()).isEqualTo(123 * 3 + 132);
        assertThat(tx.vsize()).isEqualTo(126);
        assertThat(tx.lockTime()).isEqualTo(1000);
        assertThat(tx.inputCount()).isEqualTo(2);
    }

    @Test
    void aZeroFlagAfterAnEmptyInputVectorIsAnEmptyTransaction() {
        DecodeResult r = Payload.of().hex("02000000" + "00" + "00" + "00000000").decode("tx");
        assertThat(r.ok()).isTrue();
        Tx tx = (Tx) r.message();
        assertThat(tx.segwit()).isFalse();
        assertThat(tx.inputCount()).isZero();
        assertThat(tx.outputCount()).isZero();
        assertThat(tx.size()).isEqualTo(10);
    }

    @Test
    void witnessFlagWithOnlyEmptyStacksIsSuperfluous() {
        // the witnesses start after version, marker, flag, one input and one output: 4+2+1+41+1+9
        String noWitness = "02000000" + "0001" + "01" + "33".repeat(32) + "00000000" + "00" + "ffffffff"
                + "01" + "0000000000000000" + "00" + "00" + "00000000";
        assertThat(Payload.of().hex(noWitness).decode("tx").error()).isEqualTo(new DecodeError(58, "Superfluous witness record"));
    }

    @Test
    void anUnknownFlagIsRejected() {
        String flag2 = "02000000" + "0002" + "01" + "33".repeat(32) + "00000000" + "00" + "ffffffff"
                + "01" + "0000000000000000" + "00" + "00000000";
        assertThat(Payload.of().hex(flag2).decode("tx").error()).isEqualTo(new DecodeError(5, "Unknown transaction optional data"));
    }
}

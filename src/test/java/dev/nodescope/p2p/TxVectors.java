package dev.nodescope.p2p;

/**
 * Hand-built transactions whose hashes were computed twice outside this code: with Python's
 * hashlib over the raw bytes (witness stripped by hand for the txid) and with bitcoinj 0.17.1.
 */
final class TxVectors {
    /** Version 1, one input with a 3-byte scriptSig, two outputs (100000 and 123456789 sat). */
    static final String LEGACY = "0100000001" + "1111111111111111111111111111111111111111111111111111111111111111" + "00000000"
            + "03010203" + "ffffffff" + "02" + "a086010000000000" + "0151" + "15cd5b0700000000" + "160014"
            + "2222222222222222222222222222222222222222" + "00000000";
    static final String LEGACY_TXID = "9e1f35cce46137ae66abc18f7a49b31073370a90883b47503e2d5c79cbfd92eb";

    /**
     * Version 2, segwit, two inputs: the first with an empty witness stack, the second with two
     * items (3 bytes, empty); one 5000-sat output; locktime 1000. 132 bytes, 123 without witness.
     */
    static final String SEGWIT = "02000000" + "0001" + "02"
            + "3333333333333333333333333333333333333333333333333333333333333333" + "01000000" + "00" + "feffffff"
            + "4444444444444444444444444444444444444444444444444444444444444444" + "02000000" + "00" + "fdffffff"
            + "01" + "8813000000000000" + "160014" + "5555555555555555555555555555555555555555"
            + "00" + "02" + "03aabbcc" + "00"
            + "e8030000";
    static final String SEGWIT_TXID = "8d83f59bbc66b035595202fec362c0503bedd2e12caea0ca7abdd8700084fb0d";
    static final String SEGWIT_WTXID = "2e64e558ad784ac69a443d97fe03fc43915525e59997d7731a4bbdea7c1559ae";

    private TxVectors() {
    }
}

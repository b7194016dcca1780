package dev.nodescope.p2p;

import dev.nodescope.p2p.P2pMessage.Tx;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Transactions as Core's UnserializeTransaction reads them (segwit allowed, as on the P2P
 * network), summarized in place: inputs and witnesses are skipped, txid and wtxid are hashed over
 * the payload's own byte ranges.
 */
final class Transactions {
    /** version, empty input vector, flag 0 (hence no outputs), locktime. */
    static final int MIN_TX_BYTES = 10;
    /** outpoint, empty script, sequence. */
    private static final int MIN_INPUT_BYTES = 41;
    /** value, empty script. */
    private static final int MIN_OUTPUT_BYTES = 9;

    private Transactions() {
    }

    static Tx tx(PayloadReader r) {
        int start = r.position();
        long version = r.u32();
        int inputs = r.count();
        int flags = 0;
        List<Tx.Output> outputs = List.of();
        if (inputs == 0) {
            // an empty input vector is the segwit marker; the next byte is the flag, and a zero
            // flag means what was read really was an empty tx (no inputs and no outputs)
            flags = r.u8();
            if (flags != 0) {
                inputs = r.count();
                skipInputs(r, inputs);
                outputs = outputs(r);
            }
        } else {
            skipInputs(r, inputs);
            outputs = outputs(r);
        }
        int witnessStart = r.position();
        boolean segwit = (flags & 1) != 0;
        if (segwit) {
            boolean anyWitness = false;
            for (int i = 0; i < inputs; i++) {
                anyWitness |= skipWitnessStack(r);
            }
            if (!anyWitness) {
                throw new Malformed(witnessStart, "Superfluous witness record");
            }
            flags ^= 1;
        }
        if (flags != 0) {
            throw new Malformed(start + 5, "Unknown transaction optional data");
        }
        int lockTimeAt = r.position();
        long lockTime = r.u32();
        int size = r.position() - start;

        byte[] b = r.buffer();
        DoubleSha256 sha = DoubleSha256.get();
        String wtxid = sha.update(b, start, size).rpcHex();
        String txid = wtxid;
        long baseSize = size;
        if (segwit) {
            // without marker and flag (2 bytes after the version) and the witnesses
            txid = sha.update(b, start, 4).update(b, start + 6, witnessStart - start - 6).update(b, lockTimeAt, 4).rpcHex();
            baseSize = size - 2 - (lockTimeAt - witnessStart);
        }
        long weight = baseSize * 3 + size;
        return new Tx(txid, wtxid, version, lockTime, size, weight, (weight + 3) / 4, segwit, inputs, outputs.size(), outputs);
    }

    private static void skipInputs(PayloadReader r, int n) {
        for (int i = 0; i < n; i++) {
            r.skip(36);
            r.skip(r.count());
            r.skip(4);
        }
    }

    private static List<Tx.Output> outputs(PayloadReader r) {
        int n = r.count();
        List<Tx.Output> outputs = new ArrayList<>(r.capacity(n, MIN_OUTPUT_BYTES));
        for (int i = 0; i < n; i++) {
            long value = r.i64();
            int scriptSize = r.count();
            r.skip(scriptSize);
            outputs.add(new Tx.Output(value, scriptSize));
        }
        return Collections.unmodifiableList(outputs);
    }

    /** @return whether the stack has items (Core's HasWitness) */
    private static boolean skipWitnessStack(PayloadReader r) {
        int items = r.count();
        for (int i = 0; i < items; i++) {
            r.skip(r.count());
        }
        return items > 0;
    }
}

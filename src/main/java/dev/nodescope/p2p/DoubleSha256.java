package dev.nodescope.p2p;

import dev.nodescope.hex.Hex;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Bitcoin's hash, SHA-256 twice, fed with byte ranges of the payload itself: a segwit txid is the
 * hash of the version, inputs-and-outputs and locktime ranges, so nothing is re-serialized. One
 * per thread, because {@link MessageDigest#getInstance} costs more than hashing a small tx.
 */
final class DoubleSha256 {
    private static final ThreadLocal<DoubleSha256> PER_THREAD = ThreadLocal.withInitial(DoubleSha256::new);

    private final MessageDigest sha = newDigest("SHA-256");

    private DoubleSha256() {
    }

    static DoubleSha256 get() {
        return PER_THREAD.get();
    }

    DoubleSha256 update(byte[] b, int off, int len) {
        sha.update(b, off, len);
        return this;
    }

    /** Finishes the hash and resets for the next one; returns it in RPC order. */
    String rpcHex() {
        byte[] hash = sha.digest(sha.digest());
        return Hex.encodeReversed(hash, 0, hash.length);
    }

    static MessageDigest newDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(algorithm + " ships with every JDK", e);
        }
    }
}

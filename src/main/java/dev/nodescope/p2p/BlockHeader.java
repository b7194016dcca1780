package dev.nodescope.p2p;

/**
 * The 80-byte block header, as in block, headers, cmpctblock and merkleblock.
 *
 * @param hash double SHA-256 of the 80 bytes, computed, RPC order
 * @param time Unix seconds
 * @param bits the compact target (written as 8 hex digits, as RPC does)
 */
public record BlockHeader(String hash, int version, String prevHash, String merkleRoot, long time, long bits, long nonce) {
}

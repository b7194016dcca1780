/**
 * Decodes P2P message payloads ({@link dev.nodescope.p2p.P2pDecoder}) into typed messages
 * ({@link dev.nodescope.p2p.P2pMessage}) and writes them as JSON ({@link dev.nodescope.p2p.P2pJson}).
 *
 * <p><b>Why our own code and not bitcoinj.</b> We evaluated org.bitcoinj:bitcoinj-core 0.17.1, the
 * newest on Maven Central, on the real regtest payloads and on hand-built vectors:
 * <ul>
 * <li>It is correct where it decodes: its txids, wtxids, vsizes and block hashes for all 6 tx,
 *     6 block and 7 headers payloads equal ours (and the node's own inv, getdata and merkle roots).
 * <li>It costs 11 more jars, 12.6 MB (bcprov 6.8 MB, Guava 3.0 MB, protobuf-javalite 1.1 MB,
 *     itself 1.3 MB), for what is here a few hundred lines.
 * <li>It is slower: warmed up on one 2-vCPU AMD EPYC core, JDK 25, a regtest tx takes 1.6–2.2 µs
 *     in bitcoinj and 0.6–0.8 µs here; a one-tx block 2.0–2.7 µs against 1.0–1.4 µs; a
 *     209-header message about 10–14 µs in both (double SHA-256 dominates). bitcoinj computes a
 *     txid by re-serializing the transaction; we hash the payload's own byte ranges.
 * <li>It does not cover what the node speaks: no cmpctblock, getblocktxn, blocktxn, sendcmpct or
 *     wtxidrelay, none of BIP157's six messages, no sendtxrcncl (BIP330). Its addrv2 reads the six
 *     BIP155 networks but names only IPv4, IPv6 and Tor v3; I2P and CJDNS come back as
 *     "PeerAddress of unsupported type".
 * <li>It fails differently from the node: it accepts a non-canonical CompactSize that Core
 *     rejects (and reports a txid for those bytes), and a cut or malformed payload ends in a
 *     BufferUnderflowException with neither an offset nor the part decoded.
 * </ul>
 * So every message is decoded here, following Core's deserializers (its checks and its error
 * words), and bitcoinj is not a dependency. It served as the second opinion behind the expected
 * hashes in the tests.
 */
package dev.nodescope.p2p;

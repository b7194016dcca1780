package dev.nodescope.p2p;

/**
 * Where and why decoding a payload stopped.
 *
 * @param offset byte offset in the payload of the field that could not be read (for a cut
 *               capture, the field the cut went through; the payload's length when the cut fell
 *               between fields)
 * @param reason what was wrong, in Bitcoin Core's words where Core rejects the same bytes
 */
public record DecodeError(long offset, String reason) {
}

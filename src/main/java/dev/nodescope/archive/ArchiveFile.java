package dev.nodescope.archive;

import com.github.luben.zstd.ZstdDecompressCtx;
import com.github.luben.zstd.ZstdException;
import dev.nodescope.codec.MalformedBlockException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * Reads one archive file block by block. Damage (bad checksums, cut blocks, garbage) is reported
 * with its byte range and the reader goes on with the next block whose frame checks out; it
 * never loops (every step moves forward) and never trusts a length it has not checked.
 */
public final class ArchiveFile implements AutoCloseable {
    /** Receives the decompressed bytes of each good block (valid until the next call). */
    interface BlockVisitor {
        /** @return false to stop reading */
        boolean block(ArchiveFormat.Frame frame, byte[] raw, long fileOffset) throws MalformedBlockException;
    }

    private static final int SCAN_CHUNK = 1 << 20;

    private final Path path;
    private final FileChannel channel;
    private final ArchiveHeader header;
    private final long firstBlockOffset;
    /** What was wrong with the header, when it was damaged (blocks are then found by scanning). */
    private final String headerDamage;
    /** Format version 1's blocks. */
    private final Inflater inflater = new Inflater(true);
    /** Format version 2's blocks; made at the first zstd block, so that reading a version 1 file loads no native library. */
    private ZstdDecompressCtx zstd;
    private byte[] stored = new byte[1 << 16];
    private byte[] raw = new byte[1 << 16];
    /** The latest event time of the blocks met so far, read or skipped by time; MIN_VALUE before any. */
    private long latestBlockNanos = Long.MIN_VALUE;

    private ArchiveFile(Path path, FileChannel channel, ArchiveHeader header, long firstBlockOffset, String headerDamage) {
        this.path = path;
        this.channel = channel;
        this.header = header;
        this.firstBlockOffset = firstBlockOffset;
        this.headerDamage = headerDamage;
    }

    /** A header that could not be read: nothing known but the format version. */
    private static ArchiveHeader unknownHeader(int version) {
        return new ArchiveHeader(version, "", 0, "", "", "", java.util.List.of(), "", false, "", "", 0);
    }

    public static ArchiveFile open(Path path) throws ArchiveException {
        FileChannel channel;
        try {
            channel = FileChannel.open(path, StandardOpenOption.READ);
        } catch (NoSuchFileException e) {
            throw new ArchiveException(path + ": no such file");
        } catch (IOException e) {
            throw new ArchiveException(path + ": cannot open: " + e.getMessage());
        }
        try {
            long size = channel.size();
            byte[] start = new byte[ArchiveFormat.MAGIC.length + 8];
            int got = readAt(channel, 0, start, start.length);
            if (got < ArchiveFormat.MAGIC.length || !startsWithMagic(start)) {
                throw new ArchiveException(path + ": not a nodescope archive (it starts with '"
                        + ArchiveFormat.describeMagic(java.util.Arrays.copyOf(start, Math.max(got, 0))) + "', archives start with '"
                        + ArchiveFormat.describeMagic(ArchiveFormat.MAGIC) + "')");
            }
            if (got < start.length) {
                throw new ArchiveException(path + ": cut short in its header (" + size + " bytes)");
            }
            ByteBuffer b = ByteBuffer.wrap(start).order(ByteOrder.LITTLE_ENDIAN);
            int version = b.getInt(ArchiveFormat.MAGIC.length);
            int length = b.getInt(ArchiveFormat.MAGIC.length + 4);
            if (version < ArchiveFormat.OLDEST_VERSION || version > ArchiveFormat.VERSION) {
                throw new ArchiveException(path + ": archive format version " + Integer.toUnsignedString(version)
                        + ", this nodescope reads versions " + ArchiveFormat.OLDEST_VERSION + " to " + ArchiveFormat.VERSION
                        + (Integer.compareUnsigned(version, ArchiveFormat.VERSION) > 0 ? " (written by a newer nodescope: upgrade to read it)" : ""));
            }
            // a damaged header loses only itself: the blocks are found by scanning for their frames
            if (length < 0 || length > ArchiveFormat.MAX_STORED || start.length + (long) length + 4 > size) {
                return new ArchiveFile(path, channel, unknownHeader(version), start.length,
                        "a header of at most " + (size - start.length - 4) + " bytes, its length says " + length);
            }
            byte[] body = new byte[length + 4];
            readAt(channel, start.length, body, body.length);
            int crc = ByteBuffer.wrap(body).order(ByteOrder.LITTLE_ENDIAN).getInt(length);
            if (crc != ArchiveFormat.crc(body, 0, length)) {
                return new ArchiveFile(path, channel, unknownHeader(version), start.length, "a header matching its checksum");
            }
            ArchiveHeader header;
            try {
                header = ArchiveFormat.parseHeader(java.util.Arrays.copyOf(body, length));
            } catch (IOException e) {
                return new ArchiveFile(path, channel, unknownHeader(version), start.length, "a well-formed header");
            }
            return new ArchiveFile(path, channel, header, start.length + (long) length + 4, null);
        } catch (ArchiveException e) {
            closeQuietly(channel);
            throw e;
        } catch (IOException e) {
            closeQuietly(channel);
            throw new ArchiveException(path + ": cannot read: " + e.getMessage());
        }
    }

    private static boolean startsWithMagic(byte[] b) {
        for (int i = 0; i < ArchiveFormat.MAGIC.length; i++) {
            if (b[i] != ArchiveFormat.MAGIC[i]) {
                return false;
            }
        }
        return true;
    }

    private static void closeQuietly(FileChannel c) {
        try {
            c.close();
        } catch (IOException ignored) {
            // nothing was read from it
        }
    }

    /** Whether the header was damaged (then {@link #header()} knows nothing). */
    public boolean headerDamaged() {
        return headerDamage != null;
    }

    public ArchiveHeader header() {
        return header;
    }

    public Path path() {
        return path;
    }

    public long size() throws IOException {
        return channel.size();
    }

    /**
     * The latest event time (epoch ns) of the blocks met so far, including the first one past
     * {@code toNanos} that ended the reading: later than {@code toNanos} exactly when the file goes
     * on after it. {@link Long#MIN_VALUE} before any block.
     */
    long latestBlockNanos() {
        return latestBlockNanos;
    }

    /**
     * Visits every good block from the start; blocks whose events all lie before {@code fromNanos}
     * are skipped without decompressing, and reading stops at the first block starting after
     * {@code toNanos} (blocks are written in time order).
     */
    void readBlocks(BlockVisitor visitor, Consumer<ArchiveDamage> damage, long fromNanos, long toNanos) throws IOException {
        Blocks blocks = blocks(damage, fromNanos, toNanos);
        while (blocks.next(visitor)) {
            // each call visits one block
        }
    }

    /** The good blocks one at a time, as {@link #readBlocks} visits them: for a reader that interleaves several archives. */
    Blocks blocks(Consumer<ArchiveDamage> damage, long fromNanos, long toNanos) throws IOException {
        return new Blocks(damage, fromNanos, toNanos);
    }

    /** Where reading stands in the file: the next block's frame, damage reported as it is met. */
    final class Blocks {
        private final Consumer<ArchiveDamage> damage;
        private final long fromNanos;
        private final long toNanos;
        private final long size;
        private final byte[] frameBytes = new byte[ArchiveFormat.FRAME_BYTES];
        private long pos;
        private boolean ended;

        private Blocks(Consumer<ArchiveDamage> damage, long fromNanos, long toNanos) throws IOException {
            this.damage = damage;
            this.fromNanos = fromNanos;
            this.toNanos = toNanos;
            this.size = channel.size();
            this.pos = firstBlockOffset;
            if (headerDamage != null) {
                long next = scanForFrame(pos, size);
                damage.accept(new ArchiveDamage(path, ArchiveFormat.MAGIC.length, next - ArchiveFormat.MAGIC.length, headerDamage, 0));
                pos = next;
            }
        }

        /** Bytes of the file read so far. */
        long position() {
            return ended ? size : pos;
        }

        /**
         * Visits the next good block (skipping damage, which is reported); false when there is none
         * left, or once the visitor asked to stop.
         */
        boolean next(BlockVisitor visitor) throws IOException {
            while (!ended && pos < size) {
                int got = readAt(channel, pos, frameBytes, frameBytes.length);
                if (got < frameBytes.length) {
                    damage.accept(new ArchiveDamage(path, pos, size - pos,
                            "a block frame of " + ArchiveFormat.FRAME_BYTES + " bytes, the file ends after " + got
                                    + " (cut while being written?)", -1));
                    break;
                }
                ArchiveFormat.Frame f = ArchiveFormat.parseFrame(frameBytes, 0);
                if (f == null) {
                    long next = scanForFrame(pos + 1, size);
                    damage.accept(new ArchiveDamage(path, pos, next - pos, "a block frame ('NSBK' and a matching checksum)", -1));
                    pos = next;
                    continue;
                }
                long end = pos + ArchiveFormat.FRAME_BYTES + f.storedLength();
                if (end > size) {
                    damage.accept(new ArchiveDamage(path, pos, size - pos, "a block of " + f.storedLength() + " bytes, the file ends after "
                            + (size - pos - ArchiveFormat.FRAME_BYTES) + " (cut while being written?)", f.events()));
                    break;
                }
                latestBlockNanos = Math.max(latestBlockNanos, f.lastEpochNanos());
                if (f.lastEpochNanos() < fromNanos) {
                    pos = end;
                    continue;
                }
                if (f.firstEpochNanos() > toNanos) {
                    break;
                }
                if (stored.length < f.storedLength()) {
                    stored = new byte[f.storedLength()];
                }
                readAt(channel, pos + ArchiveFormat.FRAME_BYTES, stored, f.storedLength());
                if (ArchiveFormat.crc(stored, 0, f.storedLength()) != f.bodyCrc()) {
                    damage.accept(new ArchiveDamage(path, pos, end - pos, "a block body matching its checksum", f.events()));
                    pos = end;
                    continue;
                }
                byte[] body = decompress(f);
                if (body == null) {
                    damage.accept(new ArchiveDamage(path, pos, end - pos, "a " + codecName(f.codec()) + " of " + f.rawLength() + " bytes",
                            f.events()));
                    pos = end;
                    continue;
                }
                long at = pos;
                pos = end;
                try {
                    ended = !visitor.block(f, body, at);
                    return true;
                } catch (MalformedBlockException e) {
                    damage.accept(new ArchiveDamage(path, at, end - at, e.expected() + " at byte " + e.offset() + " of the decompressed block",
                            -1));
                }
            }
            ended = true;
            return false;
        }
    }

    private static String codecName(int codec) {
        return switch (codec) {
            case ArchiveFormat.CODEC_STORED -> "stored block";
            case ArchiveFormat.CODEC_DEFLATE -> "deflate stream";
            default -> "zstd frame";
        };
    }

    /** The block's raw bytes, or null when its body does not decompress to exactly its raw length. */
    private byte[] decompress(ArchiveFormat.Frame f) {
        if (f.codec() == ArchiveFormat.CODEC_STORED) {
            return f.rawLength() == f.storedLength() ? stored : null;
        }
        if (raw.length < f.rawLength()) {
            raw = new byte[f.rawLength()];
        }
        return f.codec() == ArchiveFormat.CODEC_ZSTD ? unzstd(f) : inflate(f);
    }

    private byte[] unzstd(ArchiveFormat.Frame f) {
        if (zstd == null) {
            zstd = new ZstdDecompressCtx();
        }
        try {
            // fails (rather than writing past) when the frame holds more than rawLength bytes
            return zstd.decompressByteArray(raw, 0, f.rawLength(), stored, 0, f.storedLength()) == f.rawLength() ? raw : null;
        } catch (ZstdException e) {
            return null;
        }
    }

    private byte[] inflate(ArchiveFormat.Frame f) {
        inflater.reset();
        inflater.setInput(stored, 0, f.storedLength());
        try {
            int n = 0;
            while (n < f.rawLength() && !inflater.finished()) {
                int k = inflater.inflate(raw, n, f.rawLength() - n);
                if (k == 0 && (inflater.needsInput() || inflater.needsDictionary())) {
                    return null;
                }
                n += k;
            }
            return n == f.rawLength() && inflater.finished() ? raw : null;
        } catch (DataFormatException e) {
            return null;
        }
    }

    /** The offset of the next valid frame after {@code from}, or {@code size} when there is none. */
    private long scanForFrame(long from, long size) throws IOException {
        byte[] chunk = new byte[SCAN_CHUNK + ArchiveFormat.FRAME_BYTES];
        long pos = from;
        while (pos + ArchiveFormat.FRAME_BYTES <= size) {
            int got = readAt(channel, pos, chunk, chunk.length);
            int last = got - ArchiveFormat.FRAME_BYTES;
            for (int i = 0; i <= last; i++) {
                if (chunk[i] == 'N' && ArchiveFormat.parseFrame(chunk, i) != null) {
                    return pos + i;
                }
            }
            if (last < 0) {
                break;
            }
            pos += last + 1;
        }
        return size;
    }

    private static int readAt(FileChannel channel, long position, byte[] dst, int length) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(dst, 0, length);
        int total = 0;
        while (b.hasRemaining()) {
            int n = channel.read(b, position + total);
            if (n < 0) {
                break;
            }
            total += n;
        }
        return total;
    }

    @Override
    public void close() {
        inflater.end();
        if (zstd != null) {
            zstd.close();
        }
        closeQuietly(channel);
    }
}

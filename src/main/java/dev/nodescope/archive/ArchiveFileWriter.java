package dev.nodescope.archive;

import com.github.luben.zstd.Zstd;
import com.github.luben.zstd.ZstdCompressCtx;
import dev.nodescope.codec.BlockEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Writes one archive file: its header, then one block per {@link #write} call, each in a single
 * write so that what reached the file before a crash is whole blocks plus at most one cut one
 * (which readers report and skip). Blocks are zstd frames ({@link ArchiveFormat#VERSION} 2).
 */
final class ArchiveFileWriter implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    /**
     * zstd's level for full blocks, those of a burst (a reindex, an IBD), where compression on
     * record's writer thread is a cost per event: level 1 compresses them 2.5-6x faster than the
     * deflate of format version 1 and 4-7 % smaller; level 3 is 1-13 % smaller still but about
     * half as fast (docs/benchmarks.md, "User-space hot path").
     */
    static final int ZSTD_LEVEL = 1;
    /**
     * Blocks smaller than this were sealed by age: a quiet node's 500 ms, a few KiB, whose
     * compression costs nothing at any level; on them level 1 is 2-4 % bigger than deflate, and
     * {@link #ZSTD_LEVEL_SMALL} as small or smaller from 4 KiB up.
     */
    static final int SMALL_BLOCK_BYTES = 64 << 10;
    static final int ZSTD_LEVEL_SMALL = 3;
    private final ZstdCompressCtx zstd = new ZstdCompressCtx().setLevel(ZSTD_LEVEL);
    private int zstdLevel = ZSTD_LEVEL;
    private byte[] compressed = new byte[1 << 16];
    private long size;
    private long events;
    private boolean unsynced;

    private ArchiveFileWriter(Path path, FileChannel channel) {
        this.path = path;
        this.channel = channel;
    }

    static ArchiveFileWriter create(Path path, ArchiveHeader header) throws IOException {
        FileChannel channel = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        ArchiveFileWriter w = new ArchiveFileWriter(path, channel);
        byte[] head = ArchiveFormat.fileHeader(header);
        w.writeFully(ByteBuffer.wrap(head));
        w.size = head.length;
        w.sync();
        return w;
    }

    void write(BlockEncoder block) throws IOException {
        int raw = block.rawSize();
        int bound = (int) Zstd.compressBound(raw);
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int level = raw < SMALL_BLOCK_BYTES ? ZSTD_LEVEL_SMALL : ZSTD_LEVEL;
        if (level != zstdLevel) {
            zstd.setLevel(level);
            zstdLevel = level;
        }
        // zstd's frame holds the raw size too; readers check what it decompresses to against the block frame's
        int stored = zstd.compressByteArray(compressed, 0, compressed.length, block.rawBytes(), 0, raw);
        int codec = ArchiveFormat.CODEC_ZSTD;
        byte[] body = compressed;
        if (stored >= raw) {
            // incompressible (payloads of random-looking transactions): store as is
            codec = ArchiveFormat.CODEC_STORED;
            body = block.rawBytes();
            stored = raw;
        }
        byte[] frame = ArchiveFormat.frame(new ArchiveFormat.Frame(codec, stored, raw, block.events(),
                ArchiveFormat.crc(body, 0, stored), block.firstEpochNanos(), block.lastEpochNanos()));
        writeFully(ByteBuffer.wrap(frame), ByteBuffer.wrap(body, 0, stored));
        size += frame.length + stored;
        events += block.events();
        unsynced = true;
    }

    private void writeFully(ByteBuffer... buffers) throws IOException {
        long left = 0;
        for (ByteBuffer b : buffers) {
            left += b.remaining();
        }
        while (left > 0) {
            left -= channel.write(buffers);
        }
    }

    /** Makes what was written durable (it already survives a crash of this process without it). */
    void sync() throws IOException {
        channel.force(false);
        unsynced = false;
    }

    boolean unsynced() {
        return unsynced;
    }

    long size() {
        return size;
    }

    long events() {
        return events;
    }

    Path path() {
        return path;
    }

    @Override
    public void close() throws IOException {
        try {
            sync();
        } finally {
            zstd.close();
            channel.close();
        }
    }
}

package dev.nodescope.archive;

import dev.nodescope.codec.BlockEncoder;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.zip.Deflater;

/**
 * Writes one archive file: its header, then one block per {@link #write} call, each in a single
 * write so that what reached the file before a crash is whole blocks plus at most one cut one
 * (which readers report and skip).
 */
final class ArchiveFileWriter implements AutoCloseable {
    private final Path path;
    private final FileChannel channel;
    private final Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
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
        deflater.reset();
        deflater.setInput(block.rawBytes(), 0, raw);
        deflater.finish();
        int bound = raw + raw / 1000 + 64;
        if (compressed.length < bound) {
            compressed = new byte[bound];
        }
        int stored = 0;
        while (!deflater.finished() && stored < compressed.length) {
            stored += deflater.deflate(compressed, stored, compressed.length - stored);
        }
        int codec = ArchiveFormat.CODEC_DEFLATE;
        byte[] body = compressed;
        if (!deflater.finished() || stored >= raw) {
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
            deflater.end();
            channel.close();
        }
    }
}

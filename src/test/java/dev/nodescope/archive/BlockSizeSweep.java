package dev.nodescope.archive;

import com.github.luben.zstd.ZstdCompressCtx;
import dev.nodescope.codec.BlockEncoder;
import dev.nodescope.event.Event;
import java.util.List;
import java.util.Locale;
import java.util.zip.Deflater;

/**
 * Stored bytes per event by block size and codec, on {@link TrafficMix} events (ArchiveSizeTest's
 * seed): format version 1's deflate against zstd at levels 1 and 3, each block's 44-byte frame
 * included and a block that does not shrink stored as is, as the writer does. Blocks are sealed at
 * 1 MiB in a burst and by age (500 ms) on a quiet node, a few KiB; the figures chose
 * {@link ArchiveFileWriter#SMALL_BLOCK_BYTES}. Run (docs/benchmarks.md, issue 18):
 * {@code bash -c '. bench/lib.sh; bench_build; bench_java dev.nodescope.archive.BlockSizeSweep'}.
 */
final class BlockSizeSweep {
    private BlockSizeSweep() {
    }

    public static void main(String[] args) {
        System.out.println("| P2P mix | block KiB | blocks | raw | deflate | zstd 1 | zstd 3 |");
        System.out.println("|---|--:|--:|--:|--:|--:|--:|");
        for (double mempoolShare : new double[] {0, 0.1}) {
            List<Event> events = TrafficMix.events(200_000, mempoolShare, 42);
            for (int blockBytes : new int[] {1 << 10, 4 << 10, 16 << 10, 64 << 10, 256 << 10, 1 << 20}) {
                sweep(events, mempoolShare, blockBytes);
            }
        }
    }

    private static void sweep(List<Event> events, double mempoolShare, int blockBytes) {
        long raw = 0, deflated = 0, zstd1 = 0, zstd3 = 0, blocks = 0;
        BlockEncoder encoder = new BlockEncoder(blockBytes * 2);
        Deflater deflater = new Deflater(Deflater.BEST_SPEED, true);
        byte[] out = new byte[blockBytes * 4 + 1024];
        try (ZstdCompressCtx level1 = new ZstdCompressCtx().setLevel(1); ZstdCompressCtx level3 = new ZstdCompressCtx().setLevel(3)) {
            for (int i = 0; i < events.size(); i++) {
                encoder.add(events.get(i));
                if (encoder.rawSize() < blockBytes && i < events.size() - 1) {
                    continue;
                }
                int n = encoder.rawSize();
                byte[] block = encoder.rawBytes();
                deflater.reset();
                deflater.setInput(block, 0, n);
                deflater.finish();
                int d = 0;
                while (!deflater.finished()) {
                    d += deflater.deflate(out, d, out.length - d);
                }
                raw += n;
                deflated += ArchiveFormat.FRAME_BYTES + Math.min(d, n);
                zstd1 += ArchiveFormat.FRAME_BYTES + Math.min(level1.compressByteArray(out, 0, out.length, block, 0, n), n);
                zstd3 += ArchiveFormat.FRAME_BYTES + Math.min(level3.compressByteArray(out, 0, out.length, block, 0, n), n);
                blocks++;
                encoder.reset();
            }
        } finally {
            deflater.end();
        }
        double e = events.size();
        System.out.println(String.format(Locale.ROOT, "| %s | %d | %d | %.2f | %.2f | %.2f | %.2f |",
                mempoolShare == 0 ? "metadata only" : "+10 % mempool", blockBytes >> 10, blocks, raw / e, deflated / e, zstd1 / e, zstd3 / e));
    }
}

package dev.nodescope.addrman;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Stored snapshots: whole and diff read back exactly; damage, a missing diff and a cut file are one line each. */
class SnapshotFileTest {
    @Test
    void fullAndDiffRoundTrip() {
        AddrmanSnapshot real = Scenarios.real();
        byte[] full = SnapshotFile.full(real);
        AddrmanSnapshot back = SnapshotFile.readFull(full, "x");
        assertThat(back.entries()).isEqualTo(real.entries());
        assertThat(back.peers()).isEqualTo(real.peers());
        assertThat(back.node()).isEqualTo(real.node());
        assertThat(back.counts().keySet()).isEqualTo(real.counts().keySet());
        assertThat(back.counts().get("all_networks")).containsExactly(382, 76);
        assertThat(full.length).isLessThan(8_000); // 458 entries: about 15 bytes each

        List<AddrmanSnapshot> h = Scenarios.healthy();
        byte[] diff = SnapshotFile.diff(h.get(0), h.get(1));
        assertThat(diff.length).isLessThan(400);
        assertThat(SnapshotFile.applyDiff(h.get(0), diff, "d").entries()).isEqualTo(h.get(1).entries());
    }

    @Test
    void damageIsOneLineAndCostsOnlyWhatFollows(@TempDir Path dir) throws Exception {
        List<AddrmanSnapshot> h = Scenarios.healthy();
        HistoryWriter w = HistoryWriter.open(dir);
        for (AddrmanSnapshot s : h) {
            w.append(s);
        }
        History history = History.open(dir);
        Path second = history.files().get(2);
        byte[] bytes = Files.readAllBytes(second);
        bytes[bytes.length - 5] ^= 0x40;
        Files.write(second, bytes);
        assertThat(History.open(dir).snapshot(history.files().get(1)).entries()).isEqualTo(h.get(1).entries());
        assertThatThrownBy(() -> History.open(dir).last()).isInstanceOf(DamagedSnapshotException.class)
                .hasMessage(second + " is damaged (its body does not match its checksum)");

        Files.write(second, java.util.Arrays.copyOf(bytes, 30));
        assertThatThrownBy(() -> History.open(dir).last()).hasMessage(second + " is cut short (30 bytes, a header alone is 44)");

        Files.delete(second);
        assertThatThrownBy(() -> History.open(dir).last()).hasMessageStartingWith(history.files().get(3)
                + " follows a snapshot of 2026-11-25T03:59:00Z, not the one before it (2026-11-25T03:57:00Z): a file is missing");

        // a watch resumed on this history starts over with a whole snapshot and loses nothing written
        HistoryWriter resumed = HistoryWriter.open(dir);
        assertThat(resumed.resumeNote()).startsWith("the end of the history cannot be rebuilt (");
        AddrmanSnapshot later = new Scenarios.Editor(h.getLast(), h.getLast().timeMillis() + 120_000).done();
        Path written = resumed.append(later);
        assertThat(written.getFileName().toString()).startsWith("000004-");
        assertThat(SnapshotFile.header(Files.readAllBytes(written), "w").kind()).isEqualTo(SnapshotFile.Kind.FULL);
        assertThat(History.load(written).entries()).isEqualTo(later.entries());

        Path notOurs = dir.resolve("x.nsam");
        Files.writeString(notOurs, "this is not a snapshot at all, just some text here");
        assertThatThrownBy(() -> History.load(notOurs)).hasMessage(notOurs + " is not an addrman snapshot (no NSAM magic)");
    }
}

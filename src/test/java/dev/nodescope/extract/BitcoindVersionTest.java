package dev.nodescope.extract;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Fixture;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The traced node's release: the binary's own -version, else what its tracepoints tell. */
class BitcoindVersionTest {
    @TempDir
    Path dir;

    private Path program(String name, String script) throws Exception {
        Path p = dir.resolve(name);
        Files.writeString(p, "#!/bin/sh\n" + script + "\n");
        Files.setPosixFilePermissions(p, PosixFilePermissions.fromString("rwx------"));
        return p;
    }

    @Test
    void readsTheFirstLineOfMinusVersion() throws Exception {
        assertThat(BitcoindVersion.ask(program("new", "echo 'Bitcoin Core daemon version v29.0.0'; echo 'Copyright (C) 2009-2025'")))
                .contains("v29.0.0");
        assertThat(BitcoindVersion.ask(program("old", "echo 'Bitcoin Core version v24.0.1'"))).contains("v24.0.1");
        assertThat(BitcoindVersion.ask(program("dev", "echo 'Bitcoin Core daemon version v31.99.0-3f1c2a0b'"))).contains("v31.99.0-3f1c2a0b");
        assertThat(BitcoindVersion.ask(Fixture.binaryV24())).contains("v24.0.1");
    }

    @Test
    void noAnswerWhereTheBinaryCannotSay() throws Exception {
        assertThat(BitcoindVersion.ask(Fixture.binary())).as("the stand-in prints its usage, exit 2").isEmpty();
        assertThat(BitcoindVersion.ask(program("other", "echo 'something else 1.0'"))).isEmpty();
        assertThat(BitcoindVersion.ask(program("failing", "echo 'Bitcoin Core daemon version v29.0.0'; exit 1"))).isEmpty();
        assertThat(BitcoindVersion.ask(dir.resolve("missing"))).isEmpty();
        long start = System.nanoTime();
        assertThat(BitcoindVersion.ask(program("hangs", "sleep 30"))).isEmpty();
        assertThat((System.nanoTime() - start) / 1e9).as("seconds waited for a hanging binary").isLessThan(5);
    }

    @Test
    void fallsBackToTheReleasesTheTracepointsFit() throws Exception {
        List<String> v28 = StapsdtNotes.read(Fixture.binaryV28()).stream().map(UsdtProbe::fullName).toList();
        assertThat(BitcoindVersion.of(Fixture.binaryV28(), v28)).isEqualTo("v25-v28 (no connection tracepoints)");
        assertThat(BitcoindVersion.of(Fixture.binaryV24(), v28)).isEqualTo("v24.0.1");
    }

    /** bitcoin/bitcoin#29877: block_connected's duration is µs on v23 and v24 binaries, ns since v25. */
    @Test
    void blockDurationUnitByRelease() {
        for (String micros : List.of("v23.0.0", "v24.0.1", "v24.2", "v23-v24 (no mempool tracepoints)")) {
            assertThat(BitcoindVersion.blockDurationInMicroseconds(micros)).as(micros).isTrue();
        }
        for (String nanos : List.of("v24.99.0-abc", "v25.0.0", "v29.0.0", "v31.99.0", "v25-v28 (no connection tracepoints)",
                "v29 or later (all 20 tracepoints)", "")) {
            assertThat(BitcoindVersion.blockDurationInMicroseconds(nanos)).as(nanos).isFalse();
        }
    }
}

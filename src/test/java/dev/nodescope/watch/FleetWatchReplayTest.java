package dev.nodescope.watch;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.Cli;
import dev.nodescope.PlayedEvents;
import dev.nodescope.web.BusyNodeArchive;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code watch --replay a,b,c} over three nodes' archives (one each, a minute apart; the replay
 * merges them by time): the address that connected to all three raises fleet_peer, the address
 * seen on one node raises nothing.
 */
class FleetWatchReplayTest {
    static final long START = 1_764_662_400_000_000_000L;
    static final long S = 1_000_000_000L;

    @TempDir
    Path dir;

    Path archive(String node, long offsetSeconds, String otherAddr) throws Exception {
        Path rec = dir.resolve(node);
        BusyNodeArchive.record(rec, node, new PlayedEvents(node, 4242, START + offsetSeconds * S).play(java.util.List.of(
                "sleep 1000",
                "net:inbound_connection 1 \"45.83.12.9:5000" + offsetSeconds + "\" inbound ipv4 1",
                "sleep 2000",
                "net:inbound_connection 2 \"" + otherAddr + "\" inbound ipv4 1")));
        return rec;
    }

    @Test
    void oneAddressOnThreeNodesArchivesRaisesFleetPeer() throws Exception {
        Path a = archive("ams", 0, "51.15.3.3:40000");
        Path b = archive("fra", 60, "88.99.1.2:40000");
        Path c = archive("nyc", 120, "95.216.7.7:40000");
        Cli.Result r = Cli.run("watch", "--replay", a + "," + b + "," + c, "--format", "json");
        assertThat(r.exitCode()).as(r.stderr()).isZero();
        // nyc's connection at 2m1s (and the microsecond its played event takes) is the third node
        assertThat(r.stdoutLines()).containsExactly("{\"event\":\"nodescope:alert\",\"node\":\"fleet\",\"pid\":4242,\"thread\":\"nodescope\","
                + "\"time\":\"2025-12-02T08:02:01.000001000Z\",\"mono_ns\":2000001000,\"seq\":0,\"alert\":\"fleet_peer\",\"state\":\"firing\","
                + "\"severity\":\"warning\",\"subject\":\"addr:45.83.12.9\",\"peer_id\":-1,\"addr\":\"45.83.12.9\",\"summary\":\"45.83.12.9 "
                + "connected to 3 of the fleet's 3 nodes within 1h (threshold 3; 3 connections): ams, fra, nyc\",\"evidence\":{\"nodes\":3,"
                + "\"threshold\":3,\"connections\":3,\"fleet_nodes\":3},\"started\":1764662521000001000}");
    }
}

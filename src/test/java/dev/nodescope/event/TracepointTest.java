package dev.nodescope.event;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class TracepointTest {
    @Test
    void twentyInTheOrderOfTheBpfIds() {
        assertThat(Tracepoint.count()).isEqualTo(20);
        assertThat(Tracepoint.byId(0).fullName()).isEqualTo("net:inbound_message");
        assertThat(Tracepoint.byId(7).fullName()).isEqualTo("validation:block_connected");
        assertThat(Tracepoint.byId(19).fullName()).isEqualTo("mempool:rejected");
        assertThat(Tracepoint.MEMPOOL_REPLACED.programName()).isEqualTo("mempool_replaced");
        assertThat(Tracepoint.NET_CLOSED_CONNECTION.eventType()).isEqualTo(ClosedConnection.class);
    }

    @Test
    void selectionByGlob() {
        assertThat(Tracepoint.select(List.of("net:*"))).hasSize(7);
        assertThat(Tracepoint.select(List.of("mempool"))).hasSize(4);
        assertThat(Tracepoint.select(List.of("utxocache:add", "validation:*"))).containsExactly(
                Tracepoint.VALIDATION_BLOCK_CONNECTED, Tracepoint.UTXOCACHE_ADD);
        assertThat(Tracepoint.select(List.of("*_connection"))).hasSize(5);
        assertThat(Tracepoint.select(List.of())).hasSize(20);
        assertThatThrownBy(() -> Tracepoint.select(List.of("mempool:add"))).hasMessageContaining("'mempool:add' matches no tracepoint");
    }
}

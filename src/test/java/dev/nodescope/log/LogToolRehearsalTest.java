package dev.nodescope.log;

import static org.assertj.core.api.Assertions.assertThat;

import dev.nodescope.tool.Tool;
import java.io.ByteArrayOutputStream;
import org.junit.jupiter.api.Test;

/** log rehearses unless it will stop after fewer events than the rehearsal itself delivers. */
class LogToolRehearsalTest {
    private static Tool log(Long maxEvents) {
        return new LogTool(new ByteArrayOutputStream(), LogTool.Format.JSON, false, false, maxEvents);
    }

    @Test
    void rehearsesWithoutALimitAndForALongRun() throws Exception {
        assertThat(log(null).understudy()).isNotNull();
        assertThat(log((long) Tool.REHEARSAL_EVENTS).understudy()).isNotNull();
        assertThat(log(10_000_000L).understudy()).isNotNull();
    }

    @Test
    void aQuickLookStartsAtOnce() throws Exception {
        assertThat(log(1L).understudy()).isNull();
        assertThat(log((long) Tool.REHEARSAL_EVENTS - 1).understudy()).isNull();
    }
}

// Prints the busy-node scenario's fixture lines (the demo's stand-in node, BusyNodeScenario) for
// about SECONDS of playing time, for `nodescope-fixture play FILE` (bench/hot-path.sh).
//
//   java -cp target/nodescope.jar bench/BusyNodeLines.java SECONDS [SEED]
//
// The scenario starts with `wait-attached all` and paces itself with `sleep MS` lines; its lines
// are cut after the burst whose sleep reaches SECONDS.
import dev.nodescope.demo.BusyNodeScenario;

import java.io.IOException;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;

void main(String[] args) throws IOException {
    long limitMs = Long.parseLong(args[0]) * 1000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : 1;
    Writer out = new OutputStreamWriter(System.out, StandardCharsets.UTF_8);
    long[] sleptMs = {0};
    StringBuilder line = new StringBuilder();
    Writer counting = new Writer() {
        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            out.write(buf, off, len);
            for (int i = off; i < off + len; i++) {
                if (buf[i] != '\n') {
                    line.append(buf[i]);
                    continue;
                }
                if (line.toString().startsWith("sleep ")) {
                    sleptMs[0] += Long.parseLong(line.substring(6).trim());
                }
                line.setLength(0);
            }
        }

        @Override
        public void flush() throws IOException {
            out.flush();
        }

        @Override
        public void close() throws IOException {
            out.close();
        }
    };
    new BusyNodeScenario(seed).play(counting, () -> sleptMs[0] >= limitMs);
    counting.flush();
}

package dev.nodescope.launcher;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The launcher's JVM options (scripts/jvm-options.sh) name JDK methods for compile commands: the
 * JVM ignores a command whose method is gone without a word, so a JDK that renames one would
 * quietly give back the memory it saved. Here the JDK the build runs on must still have each.
 */
class JvmOptionsTest {
    private static final Pattern METHOD_COMMAND = Pattern.compile("-XX:CompileCommand=\\w+,([\\w.$]+)::(\\w+)");

    private static String options(String command) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", ". scripts/jvm-options.sh && nodescope_jvm_opts \"$1\"", "bash", command)
                .redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    @Test
    void everyMethodACompileCommandNamesExistsInThisJdk() throws Exception {
        List<String> named = new ArrayList<>();
        for (String command : List.of("record", "metrics", "log")) {
            Matcher m = METHOD_COMMAND.matcher(options(command));
            while (m.find()) {
                Class<?> owner = Class.forName(m.group(1), false, ClassLoader.getSystemClassLoader());
                String method = m.group(2);
                assertThat(Arrays.stream(owner.getDeclaredMethods()).map(Method::getName))
                        .as("%s::%s (scripts/jvm-options.sh) in JDK %s", owner.getName(), method, Runtime.version())
                        .contains(method);
                named.add(command + " " + owner.getName() + "::" + method);
            }
        }
        assertThat(named).containsExactly("record jdk.internal.classfile.impl.StackMapGenerator::processBlock",
                "metrics jdk.internal.classfile.impl.StackMapGenerator::processBlock",
                "log jdk.internal.classfile.impl.StackMapGenerator::processBlock");
    }
}

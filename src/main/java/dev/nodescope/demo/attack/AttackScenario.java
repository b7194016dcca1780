package dev.nodescope.demo.attack;

import java.io.IOException;
import java.io.Writer;
import java.util.function.BooleanSupplier;

/**
 * An attack played by the stand-in node (src/fixture, {@code play} mode), for {@code demo --attack
 * NAME} and for the tests of {@code watch}: a quiet lead-in, the attack, then a quiet tail long enough
 * for its alert to resolve. Times in the events are the kernel's (the fixture sleeps), so a scenario
 * lasts as long as it says; its {@link #rules()} shorten the detector's windows so that it fires
 * within seconds instead of the minutes a real node's defaults take.
 */
public interface AttackScenario {
    /** The name {@code demo --attack} takes (the detector's name where there is one detector). */
    String name();

    /** One line: what the attacker does. */
    String description();

    /** The detector whose alert it raises. */
    String detector();

    /** A rules file (YAML) for {@code watch --rules} under which the alert fires within the scenario; "" for the defaults. */
    String rules();

    /** Writes the fixture's play lines until done or {@code stopped} (the fixture does the sleeping). */
    void play(Writer out, BooleanSupplier stopped) throws IOException;
}

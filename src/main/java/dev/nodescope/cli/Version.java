package dev.nodescope.cli;

import picocli.CommandLine;

/** Version from the jar manifest (the build's project version). */
final class Version implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
        String v = Main.class.getPackage().getImplementationVersion();
        return new String[] {"nodescope " + (v == null ? "(development build)" : v)};
    }
}

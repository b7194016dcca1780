package dev.nodescope.extract;

import java.util.List;
import java.util.Objects;

/**
 * One SystemTap SDT note of an ELF file: a USDT probe site and how to read its arguments.
 *
 * @param provider            the probe's provider (Bitcoin Core's "context"), e.g. {@code net}
 * @param name                the probe's name, e.g. {@code inbound_message}
 * @param pc                  the virtual address of the probe site, corrected for prelinking
 * @param base                the {@code .stapsdt.base} address recorded in the note
 * @param semaphoreAddress    the virtual address of the 2-byte semaphore, corrected for
 *                            prelinking; 0 if the probe has none
 * @param semaphoreFileOffset the file offset of the semaphore (what the kernel's uprobe
 *                            {@code ref_ctr_offset} expects); 0 if the probe has none or no
 *                            section of the file holds it
 * @param arguments           the arguments, in order
 */
public record UsdtProbe(String provider, String name, long pc, long base, long semaphoreAddress,
                        long semaphoreFileOffset, List<UsdtArgument> arguments) {

    public UsdtProbe {
        Objects.requireNonNull(provider, "provider");
        Objects.requireNonNull(name, "name");
        arguments = List.copyOf(arguments);
    }

    /** {@code provider:name}, the form tools such as bpftrace and readelf users write. */
    public String fullName() {
        return provider + ":" + name;
    }

    public int argumentCount() {
        return arguments.size();
    }

    /**
     * Whether the probe is guarded by a semaphore. Such a probe only evaluates its arguments (and
     * so only fires usefully) while a tracer keeps the semaphore above zero.
     */
    public boolean hasSemaphore() {
        return semaphoreAddress != 0;
    }
}

package dev.nodescope.bpf;

import java.lang.foreign.MemorySegment;

/** One attached USDT program; closing it detaches the uprobe and lowers the semaphore. */
public final class UsdtLink implements AutoCloseable {
    private final BpfObject owner;
    private final MemorySegment handle;
    private final String tracepoint;

    UsdtLink(BpfObject owner, MemorySegment handle, String tracepoint) {
        this.owner = owner;
        this.handle = handle;
        this.tracepoint = tracepoint;
    }

    MemorySegment handle() {
        return handle;
    }

    public String tracepoint() {
        return tracepoint;
    }

    @Override
    public void close() {
        owner.destroy(this);
    }
}

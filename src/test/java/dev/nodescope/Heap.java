package dev.nodescope;

/** The heap in use after garbage collection: for the tests that hold memory to a bound. */
public final class Heap {
    private Heap() {
    }

    /** The least heap in use over three collections (one may leave floating garbage). */
    public static long usedAfterGc() throws InterruptedException {
        Runtime rt = Runtime.getRuntime();
        long least = Long.MAX_VALUE;
        for (int i = 0; i < 3; i++) {
            System.gc();
            Thread.sleep(50);
            least = Math.min(least, rt.totalMemory() - rt.freeMemory());
        }
        return least;
    }
}

package io.github.dl4jpruning.kernels;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ForkJoinPool;
import java.util.concurrent.atomic.AtomicIntegerArray;
import java.util.function.IntConsumer;

/**
 * Runs the parts of one pass over a buffer on several threads: part 0 on the calling thread, the others offered to
 * {@link ForkJoinPool#commonPool()}; any part no pool thread has started by the time the caller is done with its own
 * is claimed and run by the caller, so a busy (or one-thread) pool, several callers at once, or a call from inside
 * the pool never wait for a free worker. Every part writes only its own results, which the caller merges in part
 * order, so the outcome does not depend on the thread count or on which thread ran what.
 */
final class Parts {

    /**
     * System property capping the threads one selection pass uses (default: {@link
     * Runtime#availableProcessors()}; {@code 1} keeps every pass on the calling thread).
     */
    static final String THREADS = "dl4jpruning.selectionThreads";

    private Parts() {
    }

    /**
     * The threads a pass may use: the available processors, capped by the system property {@value #THREADS}.
     *
     * @return at least 1
     * @throws IllegalArgumentException if the property is set to something other than a positive integer
     */
    static int threads() {
        int cores = Runtime.getRuntime().availableProcessors();
        String cap = System.getProperty(THREADS);
        if (cap == null || cap.isBlank()) {
            return Math.max(1, cores);
        }
        int c;
        try {
            c = Integer.parseInt(cap.trim());
        } catch (NumberFormatException e) {
            c = 0;
        }
        if (c < 1) {
            throw new IllegalArgumentException(THREADS + " (" + cap + ") must be a positive integer");
        }
        return Math.max(1, Math.min(cores, c));
    }

    /**
     * Runs {@code body} for every part in {@code [0, parts)}, returning when all have finished.
     *
     * @param parts the number of parts, at least 1
     * @param body the work of one part (must touch only that part's results)
     * @throws RuntimeException the first failure of a part, after all parts have finished
     */
    static void run(int parts, IntConsumer body) {
        if (parts == 1) {
            body.accept(0);
            return;
        }
        AtomicIntegerArray claimed = new AtomicIntegerArray(parts);
        CountDownLatch done = new CountDownLatch(parts - 1);
        Throwable[] failure = new Throwable[parts];
        ForkJoinPool pool = ForkJoinPool.commonPool();
        for (int p = 1; p < parts; p++) {
            int part = p;
            pool.execute(() -> runClaimed(part, claimed, body, failure, done));
        }
        try {
            body.accept(0);
        } catch (RuntimeException | Error e) {
            failure[0] = e;
        }
        for (int p = 1; p < parts; p++) {
            runClaimed(p, claimed, body, failure, done);
        }
        boolean interrupted = false;
        while (true) {
            try {
                done.await();
                break;
            } catch (InterruptedException e) {
                interrupted = true;       // the claimed parts are running: wait for them, keep the flag
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        for (Throwable t : failure) {
            if (t instanceof RuntimeException r) {
                throw r;
            }
            if (t instanceof Error e) {
                throw e;
            }
        }
    }

    private static void runClaimed(int part, AtomicIntegerArray claimed, IntConsumer body, Throwable[] failure,
            CountDownLatch done) {
        if (!claimed.compareAndSet(part, 0, 1)) {
            return;
        }
        try {
            body.accept(part);
        } catch (RuntimeException | Error e) {
            failure[part] = e;
        } finally {
            done.countDown();
        }
    }
}

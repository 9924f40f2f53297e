package io.github.dl4jpruning.bench;

import org.nd4j.linalg.factory.Environment;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.nativeblas.NativeOps;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * ND4J's thread counts as read back after {@link #apply(int)}. In 1.0.0-M2.1 three separate settings decide
 * how many threads a training step uses, and all three must be pinned to get what {@code OMP_NUM_THREADS=N}
 * set before the JVM starts gives:
 * <ul>
 * <li>{@code openMp}: the OpenMP thread count of libnd4j ({@code NativeOps.setOmpNumThreads});</li>
 * <li>{@code masterThreads}: libnd4j's own thread pool width for its parallel loops
 * ({@code Environment.setMaxMasterThreads});</li>
 * <li>{@code blas}: OpenBLAS's threads for the matrix multiplies ({@code Nd4j.factory().blas().setMaxThreads}).</li>
 * </ul>
 * ({@code Environment.setMaxThreads} can only raise the pool size, never lower it, in M2.1; it is raised
 * when more threads are requested than it allows.)
 *
 * @param requested the thread count asked for
 * @param openMp OpenMP's maximum thread count, read back
 * @param masterThreads libnd4j's master thread count, read back
 * @param blas the BLAS thread count, read back
 */
public record ThreadSettings(int requested, int openMp, int masterThreads, int blas) {

    private static final Logger log = LoggerFactory.getLogger(ThreadSettings.class);

    /**
     * Sets all three thread counts to {@code threads} and reads them back. Call it before training starts;
     * it initialises the ND4J backend if that has not happened yet.
     *
     * @param threads the thread count, at least 1
     * @return the counts read back after setting them
     * @throws IllegalArgumentException if {@code threads} is below 1
     */
    public static ThreadSettings apply(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads (" + threads + ") must be >= 1: the number of CPU "
                    + "threads ND4J may use (1 is fastest on small machines, see docs/BENCHMARK.md)");
        }
        Nd4j.getBackend(); // NativeOpsHolder can only initialise once the backend has loaded its natives
        NativeOps ops = NativeOpsHolder.getInstance().getDeviceNativeOps();
        Environment env = Nd4j.getEnvironment();
        ops.setOmpNumThreads(threads);
        if (env.maxThreads() < threads) {
            env.setMaxThreads(threads);
        }
        env.setMaxMasterThreads(threads);
        Nd4j.factory().blas().setMaxThreads(threads);
        ThreadSettings s = new ThreadSettings(threads, ops.ompGetMaxThreads(), env.maxMasterThreads(),
                Nd4j.factory().blas().getMaxThreads());
        if (s.matchesRequest()) {
            log.info("ND4J threads: {} (OpenMP, libnd4j master threads and BLAS; {} CPUs, OMP_NUM_THREADS={})",
                    threads, Runtime.getRuntime().availableProcessors(), System.getenv("OMP_NUM_THREADS"));
        } else {
            log.warn("ND4J threads: requested {} but read back {}; timings are not comparable with runs at {} "
                    + "threads", threads, s, threads);
        }
        return s;
    }

    /**
     * Whether every setting took the requested value.
     *
     * @return true if OpenMP, master and BLAS thread counts all equal {@link #requested()}
     */
    public boolean matchesRequest() {
        return openMp == requested && masterThreads == requested && blas == requested;
    }
}

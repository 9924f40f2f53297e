package io.github.dl4jpruning.engine;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.deeplearning4j.nn.api.Model;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The worker replicas of a network under DL4J's ParallelWrapper, which trains copies of the network on other
 * threads and calls the one listener from all of them: each replica is masked with the shared flat mask, and its
 * optimizer state is masked once after every mask update. The calling worker's record is found in a thread-local,
 * so the per-iteration path takes no lock and allocates nothing after a worker's first iteration.
 */
final class ReplicaMasking {

    private static final Logger log = LoggerFactory.getLogger(ReplicaMasking.class);

    private final ThreadLocal<Replica> current = new ThreadLocal<>();
    private final AtomicInteger seen = new AtomicInteger();

    /** One worker's copy of the network; touched only by that worker's thread. */
    static final class Replica {
        final Model model;
        final NetworkAdapter net;
        final Scratch scratch = new Scratch();
        long seenVersion = -1;

        Replica(Model model, NetworkAdapter net) {
            this.model = model;
            this.net = net;
        }
    }

    /**
     * The calling worker's record for a replica of {@code main}.
     *
     * @param model the network DL4J called the listener with
     * @param main the network the engine is bound to
     * @param bindingThread the thread that bound the engine
     * @return the record
     * @throws IllegalStateException if {@code model} is not a replica: a replica has the same configuration as
     *         {@code main} (up to the training counters) and trains on a thread other than the one that bound it, as
     *         ParallelWrapper's workers do; any other network is refused, naming both
     */
    Replica of(Model model, NetworkAdapter main, Thread bindingThread) {
        Replica r = current.get();
        if (r == null || r.model != model) {
            NetworkAdapter a = NetworkAdapter.of(model);
            boolean sameStructure = model.getClass() == main.model().getClass()
                    && model.numParams() == main.model().numParams() && a.structure().equals(main.structure());
            if (!sameStructure || Thread.currentThread() == bindingThread) {
                throw new IllegalStateException("this PruningListener is bound to another network: "
                        + describe(main.model()) + ", and was called with " + describe(model) + " on thread "
                        + Thread.currentThread().getName() + (sameStructure ? " (the thread that bound it: only "
                        + "ParallelWrapper replicas, trained on worker threads, share a listener)" : "") + ": create "
                        + "one PruningListener per network");
            }
            r = new Replica(model, a);
            current.set(r);
            seen.incrementAndGet();
            log.info("Masking a replica of the network on thread {} (ParallelWrapper worker)",
                    Thread.currentThread().getName());
        }
        return r;
    }

    private static String describe(Model m) {
        return m.getClass().getSimpleName() + "@" + Integer.toHexString(System.identityHashCode(m)) + " ("
                + m.numParams() + " parameters)";
    }

    /**
     * How many replicas have been masked so far.
     *
     * @return the count (0 without ParallelWrapper)
     */
    int seen() {
        return seen.get();
    }
}

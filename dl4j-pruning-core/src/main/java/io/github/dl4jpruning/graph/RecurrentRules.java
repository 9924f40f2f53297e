package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.graph.ChannelEntry.Role;
import io.github.dl4jpruning.network.NetworkAdapter;
import org.deeplearning4j.nn.conf.layers.GravesBidirectionalLSTM;
import org.deeplearning4j.nn.conf.layers.GravesLSTM;
import org.deeplearning4j.nn.conf.layers.LSTM;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.recurrent.Bidirectional;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.layers.recurrent.SimpleRnn;
import org.nd4j.linalg.activations.IActivation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Recurrent layers. The hidden units of an {@link LSTM} and a {@link SimpleRnn} (also inside a {@link LastTimeStep})
 * are units: unit {@code u} owns column {@code u} of every gate block of {@code W}, {@code RW} and {@code b}
 * (an LSTM has four blocks of {@code nOut} columns, a SimpleRnn one), row {@code u} of {@code RW} (its own recurrent
 * input, a consumer slice inside the layer) and the input rows of every layer that reads it.
 *
 * <p>Exactness: with every one of those slices zero, the unit's pre-activations are zero at every step. A SimpleRnn
 * unit is then {@code act(0)}; an LSTM unit has its gates at {@code gate(0)}, its candidate at {@code act(0)}, and
 * its cell {@code c_t = f c_(t-1) + i act(0)}, which stays zero from a zero state only when {@code act(0) = 0}, and
 * then {@code h_t = o act(c_t) = 0}. So a layer is followed only when its activation maps 0 to exactly 0 (checked
 * numerically: tanh, ReLU, identity, softsign... pass, sigmoid does not); its removed units are then exactly 0 at
 * every step. GravesLSTM (peephole connections from the cell into the gates), GravesBidirectionalLSTM, Bidirectional
 * and a SimpleRnn with layer normalization (which normalizes over all units) pin what they read and write.
 */
final class RecurrentRules {

    private RecurrentRules() {
    }

    /**
     * Whether these rules apply.
     *
     * @param c a layer configuration
     * @return true for the recurrent layers and wrappers handled here
     */
    static boolean handles(Layer c) {
        return c instanceof LSTM || c instanceof SimpleRnn || c instanceof LastTimeStep || c instanceof GravesLSTM
                || c instanceof GravesBidirectionalLSTM || c instanceof Bidirectional;
    }

    /**
     * The channel space a recurrent layer writes (the same units at every time step).
     *
     * @param b the builder
     * @param l the layer
     * @param in the space it reads (after its preprocessor)
     * @param mixes why its activation mixes units, or null
     * @return the space it writes
     */
    static int[] apply(GraphBuilder b, NetworkAdapter.LayerInfo l, int[] in, String mixes) {
        Layer c = l.conf() instanceof LastTimeStep t ? t.getUnderlying() : l.conf();
        String name = "layer \"" + l.name() + "\" (" + l.conf().getClass().getSimpleName()
                + (c == l.conf() ? "" : " around " + c.getClass().getSimpleName()) + ")";
        if (c instanceof LSTM lstm && l.params().containsKey("RW")) {
            return units(b, l, in, 4, (int) lstm.getNOut(), pinReason(name, lstm.getActivationFn(), mixes));
        }
        if (c instanceof SimpleRnn rnn && l.params().containsKey("RW")) {
            String pin = rnn.hasLayerNorm() ? name + " normalizes over all its units (layer normalization)"
                    : pinReason(name, rnn.getActivationFn(), mixes);
            return units(b, l, in, 1, (int) rnn.getNOut(), pin);
        }
        String why = c instanceof GravesLSTM ? name + " has peephole connections from its cells into its gates"
                : name + " is not followed by the dependency graph";
        b.pin(in, why);
        if (c instanceof GravesLSTM && l.params().containsKey("RW")) {
            return b.produce(l, "RW", 0, true, why);     // a group that says why it is kept
        }
        return null;
    }

    /** Why a unit of this activation would not be exactly zero once removed, or null when it would be. */
    private static String pinReason(String name, IActivation act, String mixes) {
        if (mixes != null) {
            return mixes;
        }
        double zero = activationAtZero(act);
        return zero == 0.0 ? null : name + " has an activation (" + act + ") that maps 0 to " + zero
                + ", so a removed unit would not stay zero";
    }

    /**
     * The activation of 0 (NaN when the activation fails on a single value).
     *
     * @param act an activation function
     * @return {@code act(0)}
     */
    static double activationAtZero(IActivation act) {
        try (MemoryWorkspace ws = Nd4j.getWorkspaceManager().scopeOutOfWorkspaces()) {
            return act.getActivation(Nd4j.zeros(DataType.DOUBLE, 1, 1), false).getDouble(0);
        } catch (RuntimeException e) {
            return Double.NaN;
        }
    }

    /**
     * Units of a layer with {@code blocks} gate blocks of {@code n} columns in {@code W}, {@code RW} and {@code b}:
     * index {@code k * n + u} of their column axis belongs to unit {@code u}; row {@code u} of {@code RW} reads it.
     */
    private static int[] units(GraphBuilder b, NetworkAdapter.LayerInfo l, int[] in, int blocks, int n,
            String pin) {
        b.consume(l, "W", 0, in, Role.CONSUMER_WEIGHT);
        int[] out = b.nodes.create(n, pin);
        int[] columns = new int[blocks * n];
        for (int k = 0; k < blocks; k++) {
            System.arraycopy(out, 0, columns, k * n, n);
        }
        b.consume(l, "W", 1, columns, Role.PRODUCER_WEIGHT);
        b.consume(l, "RW", 1, columns, Role.PRODUCER_WEIGHT);
        b.consume(l, "RW", 0, out, Role.CONSUMER_WEIGHT);
        b.ride(l, "b", columns, Role.MASKED);
        b.producers.add(new GraphBuilder.Producer(l.name(), out, true));
        return out;
    }
}

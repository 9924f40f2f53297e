package io.github.dl4jpruning.bench;

import java.util.Arrays;
import java.util.stream.Collectors;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;

/** The networks the benchmarks can train, by the name used on the command line and in the JSON. */
public enum ModelKind {

    /** LeNet-300-100 (LeCun et al. 1998): see {@link Models#lenet300100(long)}. */
    LENET_300_100("lenet-300-100"),

    /** LeNet-5 (LeCun et al. 1998), DL4J's variant: see {@link Models#lenet5(long)}. */
    LENET_5("lenet-5"),

    /** A small residual CNN, a ComputationGraph: see {@link Models#resnetMini(long)}; {@code imp} and {@code thin} only. */
    RESNET_MINI("resnet-mini"),

    /**
     * The same residual CNN with twice the channels (16, 32 and 64, the widths of He et al.'s CIFAR ResNets): see
     * {@link Models#resnetMini(long, int)}; {@code imp} and {@code thin} only.
     */
    RESNET_MINI_16("resnet-mini-16");

    private final String id;

    ModelKind(String id) {
        this.id = id;
    }

    /**
     * The name used on the command line and in the JSON.
     *
     * @return for example {@code "lenet-300-100"}
     */
    public String id() {
        return id;
    }

    /**
     * Builds and initialises a fresh network of this kind.
     *
     * @param seed the weight-initialisation seed
     * @return an initialised network
     */
    public MultiLayerNetwork build(long seed) {
        return switch (requireMultiLayer()) {
            case LENET_300_100 -> Models.lenet300100(seed);
            case LENET_5 -> Models.lenet5(seed);
            case RESNET_MINI, RESNET_MINI_16 -> throw new AssertionError(id);
        };
    }

    /**
     * Checks that this kind is a {@code MultiLayerNetwork}, for the commands that time layer by layer.
     *
     * @return this kind
     * @throws IllegalArgumentException naming the model and the commands that take it, if it is a ComputationGraph
     */
    public ModelKind requireMultiLayer() {
        if (isGraph()) {
            throw new IllegalArgumentException("model (" + id + ") is a ComputationGraph: this command takes "
                    + "lenet-300-100 or lenet-5; imp and thin take all of " + ids());
        }
        return this;
    }

    /**
     * Builds and initialises a fresh network of this kind, of whatever type it is.
     *
     * @param seed the weight-initialisation seed
     * @return an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}
     */
    public Model buildAny(long seed) {
        return switch (this) {
            case RESNET_MINI -> Models.resnetMini(seed);
            case RESNET_MINI_16 -> Models.resnetMini(seed, 16);
            default -> build(seed);
        };
    }

    /**
     * Whether this kind is a {@code ComputationGraph}.
     *
     * @return true for the residual CNNs
     */
    public boolean isGraph() {
        return this == RESNET_MINI || this == RESNET_MINI_16;
    }

    /**
     * Finds a kind by its command-line name.
     *
     * @param id the name, for example {@code "lenet-5"} (case-insensitive)
     * @return the kind
     * @throws IllegalArgumentException if no kind has that name; the message lists the names
     */
    public static ModelKind fromId(String id) {
        for (ModelKind k : values()) {
            if (k.id.equalsIgnoreCase(id)) {
                return k;
            }
        }
        throw new IllegalArgumentException("model (" + id + ") must be one of " + ids());
    }

    /**
     * The command-line names of all kinds.
     *
     * @return for example {@code "lenet-300-100, lenet-5"}
     */
    public static String ids() {
        return Arrays.stream(values()).map(ModelKind::id).collect(Collectors.joining(", "));
    }

    /**
     * The command-line name.
     *
     * @return {@link #id()}
     */
    @Override
    public String toString() {
        return id;
    }
}

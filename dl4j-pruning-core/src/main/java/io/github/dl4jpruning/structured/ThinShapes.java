package io.github.dl4jpruning.structured;

import io.github.dl4jpruning.graph.DependencyGraph;
import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.function.IntPredicate;
import org.deeplearning4j.nn.conf.InputPreProcessor;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.layers.AbstractLSTM;
import org.deeplearning4j.nn.conf.layers.BatchNormalization;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.ConvolutionLayer;
import org.deeplearning4j.nn.conf.layers.Deconvolution2D;
import org.deeplearning4j.nn.conf.layers.Deconvolution3D;
import org.deeplearning4j.nn.conf.layers.DepthwiseConvolution2D;
import org.deeplearning4j.nn.conf.layers.FeedForwardLayer;
import org.deeplearning4j.nn.conf.layers.Layer;
import org.deeplearning4j.nn.conf.layers.SeparableConvolution2D;
import org.deeplearning4j.nn.conf.layers.recurrent.LastTimeStep;
import org.deeplearning4j.nn.conf.preprocessor.Cnn3DToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.CnnToFeedForwardPreProcessor;
import org.deeplearning4j.nn.conf.preprocessor.FeedForwardToCnnPreProcessor;

/**
 * Rewrites the sizes of a cloned configuration for the kept channels: {@code nIn}/{@code nOut} of every layer from
 * its kept parameter slices (the layer inside a {@code LastTimeStep}; an LSTM's {@code nOut} from its recurrent
 * weights' rows), flatten preprocessors' channel counts, subset ranges.
 */
final class ThinShapes {

    private ThinShapes() {
    }

    static void apply(ThinConfigs confs, NetworkAdapter net, DependencyGraph graph,
            Map<String, List<Thinning.KeptAxis>> byParam, IntPredicate kept) {
        for (NetworkAdapter.LayerInfo l : net.layers()) {
            Layer c = confs.layer(l.name());
            if (c instanceof LastTimeStep t) {
                c = t.getUnderlying();
            }
            if (!(c instanceof FeedForwardLayer f)) {
                continue;
            }
            Sizes s = new Sizes(l, byParam);
            if (c instanceof DepthwiseConvolution2D d) {
                f.setNIn(s.of("W", 2));
                f.setNOut(s.of("W", 2) * d.getDepthMultiplier());
            } else if (c instanceof SeparableConvolution2D) {
                f.setNIn(s.of("W", 1));
                f.setNOut(s.of("pW", 0));
            } else if (c instanceof Convolution1DLayer) {      // W as read: [k, nIn, nOut]
                f.setNIn(s.of("W", 1, f.getNIn()));
                f.setNOut(s.of("W", 2, f.getNOut()));
            } else if (c instanceof Deconvolution3D) {         // W is [kD, kH, kW, nOut, nIn]
                f.setNIn(s.of("W", 4));
                f.setNOut(s.of("W", 3));
            } else if (c instanceof Deconvolution2D) {
                f.setNIn(s.of("W", 0));
                f.setNOut(s.of("W", 1));
            } else if (c instanceof ConvolutionLayer) {
                f.setNIn(s.of("W", 1));
                f.setNOut(s.of("W", 0));
            } else if (c instanceof BatchNormalization) {
                for (String key : new String[] {"gamma", "mean", "var", "log10stdev"}) {
                    if (l.params().containsKey(key)) {
                        long n = s.of(key, l.params().get(key).rank() - 1);
                        f.setNIn(n);
                        f.setNOut(n);
                        break;
                    }
                }
            } else if (c instanceof AbstractLSTM && l.params().containsKey("RW")) {
                f.setNIn(s.of("W", 0));         // W [nIn, 4 nOut], RW [nOut, 4 nOut] (+3 peepholes in GravesLSTM)
                f.setNOut(s.of("RW", 0));
            } else if (l.params().containsKey("W") && l.params().get("W").rank() == 2) {
                f.setNIn(s.of("W", 0));
                f.setNOut(s.of("W", 1));
            }
        }
        java.util.Set<String> owners = new java.util.LinkedHashSet<>(confs.vertexNames());
        net.layers().forEach(l -> owners.add(l.name()));
        for (String owner : owners) {
            graph.preprocessorInput(owner).ifPresent(space -> preprocessor(confs.preProcessor(owner), space, kept));
        }
        subsets(confs, graph, kept);
    }

    private static void preprocessor(InputPreProcessor pre, int[] space, IntPredicate kept) {
        long n = count(space, 0, space.length, kept);
        if (pre instanceof CnnToFeedForwardPreProcessor f) {
            f.setNumChannels(n);
        } else if (pre instanceof Cnn3DToFeedForwardPreProcessor f) {
            f.setNumChannels(n);
        } else if (pre instanceof FeedForwardToCnnPreProcessor f) {
            f.setNumChannels(n / (f.getInputHeight() * f.getInputWidth()));
        }
    }

    private static void subsets(ThinConfigs confs, DependencyGraph graph, IntPredicate kept) {
        for (String name : confs.vertexNames()) {
            if (confs.vertex(name) instanceof SubsetVertex v) {
                graph.subsetInput(name).ifPresent(space -> {
                    int from = (int) count(space, 0, v.getFrom(), kept);
                    int inRange = (int) count(space, v.getFrom(), v.getTo() + 1, kept);
                    if (inRange == 0) {
                        throw new IllegalStateException("subset vertex \"" + name + "\" would read no channel after "
                                + "thinning: keep at least one unit of its range");
                    }
                    v.setFrom(from);
                    v.setTo(from + inRange - 1);
                });
            }
        }
    }

    private static long count(int[] space, int from, int to, IntPredicate kept) {
        long n = 0;
        for (int i = from; i < to; i++) {
            n += kept.test(space[i]) ? 1 : 0;
        }
        return n;
    }

    /** Kept sizes of one layer's parameter axes. */
    private record Sizes(NetworkAdapter.LayerInfo layer, Map<String, List<Thinning.KeptAxis>> byParam) {
        long of(String key, int axis) {
            return kept(key, axis).orElseGet(() -> layer.params().get(key).size(axis));
        }

        /** The kept size of an axis that has an entry, else {@code whole} (for a parameter described as read). */
        long of(String key, int axis, long whole) {
            return kept(key, axis).orElse(whole);
        }

        private OptionalLong kept(String key, int axis) {
            for (Thinning.KeptAxis k : byParam.getOrDefault(layer.name() + "_" + key, List.of())) {
                if (k.axis() == axis) {
                    return OptionalLong.of(k.kept().length);
                }
            }
            return OptionalLong.empty();
        }
    }
}

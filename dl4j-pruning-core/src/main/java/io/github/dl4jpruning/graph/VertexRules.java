package io.github.dl4jpruning.graph;

import java.util.Arrays;
import java.util.List;
import org.deeplearning4j.nn.conf.graph.rnn.DuplicateToTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.ElementWiseVertex;
import org.deeplearning4j.nn.conf.graph.GraphVertex;
import org.deeplearning4j.nn.conf.graph.L2NormalizeVertex;
import org.deeplearning4j.nn.conf.graph.L2Vertex;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.graph.PoolHelperVertex;
import org.deeplearning4j.nn.conf.graph.PreprocessorVertex;
import org.deeplearning4j.nn.conf.graph.rnn.ReverseTimeSeriesVertex;
import org.deeplearning4j.nn.conf.graph.ScaleVertex;
import org.deeplearning4j.nn.conf.graph.ShiftVertex;
import org.deeplearning4j.nn.conf.graph.StackVertex;
import org.deeplearning4j.nn.conf.graph.SubsetVertex;
import org.deeplearning4j.nn.conf.graph.UnstackVertex;
import org.deeplearning4j.nn.conf.graph.rnn.LastTimeStepVertex;

/**
 * How the vertices of a ComputationGraph that are not layers map channel spaces: element-wise and stack vertices tie
 * their inputs channel by channel, a merge concatenates them (channel offsets), a subset takes a range, scale, shift
 * and the time-series vertices pass channels on; an L2-normalize over channels, an L2 distance, a reshape and
 * unknown vertices pin what they read.
 */
final class VertexRules {

    private VertexRules() {
    }

    static int[] apply(GraphBuilder b, String name, GraphVertex v, List<int[]> in) {
        String what = "vertex \"" + name + "\" (" + v.getClass().getSimpleName() + ")";
        if (v instanceof ElementWiseVertex || v instanceof StackVertex) {
            return b.unite(name, in);
        }
        if (v instanceof MergeVertex m) {
            if (m.getMergeAxis() == 1 && in.stream().allMatch(s -> s != null)) {
                return in.stream().flatMapToInt(Arrays::stream).toArray();
            }
            in.forEach(s -> b.pin(s, what + " concatenates along axis " + m.getMergeAxis()
                    + " or inputs of unknown size"));
            return null;
        }
        if (v instanceof SubsetVertex s) {
            int[] x = in.get(0);
            b.subsetInputs.put(name, x);
            if (x != null && s.getTo() < x.length && s.getFrom() >= 0 && s.getFrom() <= s.getTo()) {
                return Arrays.copyOfRange(x, s.getFrom(), s.getTo() + 1);
            }
            b.pin(x, what + " takes a range outside its input");
            return null;
        }
        if (v instanceof ScaleVertex || v instanceof ShiftVertex || v instanceof PoolHelperVertex
                || v instanceof UnstackVertex || v instanceof LastTimeStepVertex || v instanceof ReverseTimeSeriesVertex
                || v instanceof DuplicateToTimeSeriesVertex) {
            return in.get(0);
        }
        if (v instanceof PreprocessorVertex p) {
            return LayerRules.preprocess(b, name, p.getPreProcessor(), in.get(0));
        }
        if (v instanceof L2NormalizeVertex l2) {
            int[] dims = l2.getDimension();
            if (dims != null && dims.length > 0 && Arrays.stream(dims).noneMatch(d -> d == 1)) {
                return in.get(0);
            }
            b.pin(in.get(0), what + " divides every channel by a norm over all channels");
            return in.get(0);
        }
        if (v instanceof L2Vertex) {
            in.forEach(s -> b.pin(s, what + " reduces its inputs to a distance"));
            return b.pinned(1, what + " is a distance");
        }
        in.forEach(s -> b.pin(s, what + " is not followed by the dependency graph"));
        return null;
    }
}

package io.github.dl4jpruning.graph;

import io.github.dl4jpruning.network.NetworkAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The mutable state of one graph construction: channel nodes, the parameter entries recorded so far, producers, and
 * what thinning needs to rewrite configurations (the channel space before every flatten preprocessor and subset).
 * A channel space is an {@code int[]} of channel nodes, one per channel of an activation; null when its size is
 * unknown (an input whose size no layer tells), which only happens to pinned spaces.
 */
final class GraphBuilder {

    /** A layer whose output channels are units. */
    record Producer(String layer, int[] nodes, boolean dense) {
    }

    final ChannelNodes nodes = new ChannelNodes();
    final List<ChannelEntry> entries = new ArrayList<>();
    final List<Producer> producers = new ArrayList<>();
    final Map<String, int[]> preprocessorInputs = new HashMap<>();
    final Map<String, int[]> subsetInputs = new HashMap<>();
    final Map<String, NetworkAdapter.LayerInfo> layers = new LinkedHashMap<>();
    private final Map<String, long[]> readShapes = new HashMap<>();
    private final long base;

    GraphBuilder(NetworkAdapter net) {
        this.base = net.params().offset();
        for (NetworkAdapter.LayerInfo l : net.layers()) {
            layers.put(l.name(), l);
        }
    }

    int[] pinned(int n, String reason) {
        return nodes.create(n, reason);
    }

    void pin(int[] space, String reason) {
        if (space != null) {
            nodes.pin(space, reason);
        }
    }

    ParamSlice slice(NetworkAdapter.LayerInfo l, String key) {
        INDArray p = l.params().get(key);
        if (p == null) {
            return null;
        }
        long[] read = readShapes.get(l.name() + "_" + key);
        return read != null ? new ParamSlice(l.name(), key, p.offset() - base, read, 'c')
                : new ParamSlice(l.name(), key, p.offset() - base, p.shape(), p.ordering());
    }

    /**
     * Describes a parameter by the shape its layer reads it with, in 'c' order over the same memory, instead of the
     * shape it is stored with: every later entry of the parameter then indexes the memory the layer really uses
     * for each channel. Only for a parameter stored in 'c' order whose layer reads it as a 'c'-order reshape.
     *
     * @return false (nothing recorded) when the parameter is missing, not in 'c' order, or of another length
     */
    boolean readAs(NetworkAdapter.LayerInfo l, String key, long... shape) {
        INDArray p = l.params().get(key);
        if (p == null || p.ordering() != 'c' || java.util.Arrays.stream(shape).reduce(1, (x, y) -> x * y)
                != p.length()) {
            return false;
        }
        readShapes.put(l.name() + "_" + key, shape.clone());
        return true;
    }

    /**
     * Records that a parameter axis reads a channel space. When the sizes differ, the space is pinned (the layer
     * reads it in a way this graph does not follow) and the entry gets pinned nodes of its own.
     *
     * @return the nodes the entry is indexed by
     */
    int[] consume(NetworkAdapter.LayerInfo l, String key, int axis, int[] in, ChannelEntry.Role role) {
        ParamSlice s = slice(l, key);
        if (s == null) {
            return in;
        }
        int size = (int) s.shape()[axis];
        int[] used = in;
        if (in == null || in.length != size) {
            if (in != null) {
                pin(in, "layer \"" + l.name() + "\" (" + l.conf().getClass().getSimpleName() + ") reads " + size
                        + " values per position where " + in.length + " channels arrive");
            }
            used = pinned(size, "an input of unknown layout");
        }
        entries.add(new ChannelEntry(s, axis, used, role));
        return used;
    }

    /** A per-channel parameter (bias, BatchNormalization statistics) along the given channel space. */
    void ride(NetworkAdapter.LayerInfo l, String key, int[] space, ChannelEntry.Role role) {
        ParamSlice s = slice(l, key);
        if (s != null) {
            long[] shape = s.shape();
            consume(l, key, shape[shape.length - 1] == s.length() ? shape.length - 1 : 0, space, role);
        }
    }

    /** New unit channels along a weight axis; pinned when {@code pinReason} is not null. */
    int[] produce(NetworkAdapter.LayerInfo l, String key, int axis, boolean dense, String pinReason) {
        ParamSlice s = slice(l, key);
        int[] out = nodes.create((int) s.shape()[axis], pinReason);
        entries.add(new ChannelEntry(s, axis, out, ChannelEntry.Role.PRODUCER_WEIGHT));
        producers.add(new Producer(l.name(), out, dense));
        return out;
    }

    /** Element-wise ties: channel {@code i} of every space is one class. */
    int[] unite(String vertex, List<int[]> spaces) {
        int[] first = null;
        for (int[] s : spaces) {
            if (s != null && first == null) {
                first = s;
            }
        }
        boolean unknown = spaces.stream().anyMatch(s -> s == null);
        for (int[] s : spaces) {
            if (s == null || s == first) {
                continue;
            }
            if (s.length != first.length) {
                unknown = true;
                continue;
            }
            for (int i = 0; i < s.length; i++) {
                nodes.union(first[i], s[i]);
            }
        }
        if (unknown) {
            for (int[] s : spaces) {
                pin(s, "vertex \"" + vertex + "\" combines inputs of different or unknown sizes");
            }
        }
        return first;
    }

    static int[] expand(int[] space, int times) {
        int[] out = new int[space.length * times];
        for (int i = 0; i < space.length; i++) {
            for (int m = 0; m < times; m++) {
                out[i * times + m] = space[i];
            }
        }
        return out;
    }
}

package io.github.dl4jpruning.graph;

import java.util.Arrays;

/**
 * Channel nodes with union-find: every output channel of a producer and every network input channel is a node;
 * element-wise vertices unite the nodes they tie; a node is pinned (its class cannot be removed) with a reason.
 */
final class ChannelNodes {

    private int[] parent = new int[64];
    private String[] pinned = new String[64];
    private int size;

    /**
     * New nodes.
     *
     * @param n how many
     * @param pinReason null for free nodes, else why they are pinned
     * @return their ids
     */
    int[] create(int n, String pinReason) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            if (size == parent.length) {
                parent = Arrays.copyOf(parent, size * 2);
                pinned = Arrays.copyOf(pinned, size * 2);
            }
            parent[size] = size;
            pinned[size] = pinReason;
            out[i] = size++;
        }
        return out;
    }

    int size() {
        return size;
    }

    int root(int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }

    void union(int a, int b) {
        int ra = root(a);
        int rb = root(b);
        if (ra == rb) {
            return;
        }
        int keep = Math.min(ra, rb);
        int gone = Math.max(ra, rb);
        parent[gone] = keep;
        if (pinned[keep] == null) {
            pinned[keep] = pinned[gone];
        }
    }

    void pin(int[] nodes, String reason) {
        for (int n : nodes) {
            int r = root(n);
            if (pinned[r] == null) {
                pinned[r] = reason;
            }
        }
    }

    /** Why the node's class is pinned, or null. */
    String pinReason(int node) {
        return pinned[root(node)];
    }
}

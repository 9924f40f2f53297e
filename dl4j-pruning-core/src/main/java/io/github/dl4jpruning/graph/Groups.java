package io.github.dl4jpruning.graph;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Assembles the {@link DependencyGroup}s of a built graph: producers tied through shared channel classes. */
final class Groups {

    private Groups() {
    }

    static List<DependencyGroup> assemble(GraphBuilder b, List<ChannelEntry> entries, int[] nodeGroup,
            int[] nodeUnit) {
        ChannelNodes nodes = b.nodes;
        List<GraphBuilder.Producer> producers = b.producers;
        int[] pParent = new int[producers.size()];
        for (int p = 0; p < pParent.length; p++) {
            pParent[p] = p;
        }
        Map<Integer, Integer> firstProducer = new HashMap<>();
        for (int p = 0; p < producers.size(); p++) {
            for (int n : producers.get(p).nodes()) {
                Integer q = firstProducer.putIfAbsent(nodes.root(n), p);
                if (q != null) {
                    int rp = find(pParent, p);
                    int rq = find(pParent, q);
                    pParent[Math.max(rp, rq)] = Math.min(rp, rq);
                }
            }
        }
        Map<Integer, List<Integer>> byRoot = new LinkedHashMap<>();
        for (int p = 0; p < producers.size(); p++) {
            byRoot.computeIfAbsent(find(pParent, p), k -> new ArrayList<>()).add(p);
        }
        List<int[]> unitRoots = new ArrayList<>();
        Map<Integer, int[]> rootToGroupUnit = new HashMap<>();
        List<List<Integer>> groupProducers = new ArrayList<>(byRoot.values());
        for (int g = 0; g < groupProducers.size(); g++) {
            List<Integer> roots = new ArrayList<>();
            for (int p : groupProducers.get(g)) {
                for (int n : producers.get(p).nodes()) {
                    int r = nodes.root(n);
                    if (!rootToGroupUnit.containsKey(r)) {
                        rootToGroupUnit.put(r, new int[] {g, roots.size()});
                        roots.add(r);
                    }
                }
            }
            unitRoots.add(roots.stream().mapToInt(Integer::intValue).toArray());
        }
        for (int n = 0; n < nodes.size(); n++) {
            int[] gu = rootToGroupUnit.get(nodes.root(n));
            if (gu != null) {
                nodeGroup[n] = gu[0];
                nodeUnit[n] = gu[1];
            }
        }
        List<List<DependencyGroup.Member>> members = new ArrayList<>();
        for (int g = 0; g < groupProducers.size(); g++) {
            members.add(new ArrayList<>());
        }
        for (ChannelEntry e : entries) {
            Map<Integer, List<List<Integer>>> perGroup = new LinkedHashMap<>();
            for (int i = 0; i < e.size(); i++) {
                int g = nodeGroup[e.node(i)];
                if (g < 0) {
                    continue;
                }
                List<List<Integer>> rows = perGroup.computeIfAbsent(g, k -> {
                    List<List<Integer>> l = new ArrayList<>();
                    for (int u = 0; u < unitRoots.get(k).length; u++) {
                        l.add(new ArrayList<>());
                    }
                    return l;
                });
                rows.get(nodeUnit[e.node(i)]).add(i);
            }
            for (Map.Entry<Integer, List<List<Integer>>> pg : perGroup.entrySet()) {
                List<List<Integer>> rows = pg.getValue();
                int mult = rows.stream().mapToInt(List::size).max().orElse(0);
                int[] flat = new int[rows.size() * mult];
                for (int u = 0; u < rows.size(); u++) {
                    for (int t = 0; t < mult; t++) {
                        flat[u * mult + t] = t < rows.get(u).size() ? rows.get(u).get(t) : -1;
                    }
                }
                members.get(pg.getKey()).add(new DependencyGroup.Member(e, mult, flat));
            }
        }
        List<DependencyGroup> out = new ArrayList<>();
        for (int g = 0; g < groupProducers.size(); g++) {
            List<String> names = new ArrayList<>();
            boolean dense = true;
            for (int p : groupProducers.get(g)) {
                names.add(producers.get(p).layer());
                dense &= producers.get(p).dense();
            }
            String reason = null;
            for (int r : unitRoots.get(g)) {
                if (reason == null) {
                    reason = nodes.pinReason(r);
                }
            }
            List<DependencyGroup.Member> ms = members.get(g);
            if (reason == null && ms.stream().noneMatch(m -> m.entry().role() == ChannelEntry.Role.CONSUMER_WEIGHT)) {
                reason = "no layer with weights reads its channels";
            }
            out.add(new DependencyGroup(g, String.join("+", names), names, unitRoots.get(g).length, ms,
                    reason == null, reason == null ? "" : reason, dense));
        }
        return List.copyOf(out);
    }

    private static int find(int[] parent, int a) {
        while (parent[a] != a) {
            parent[a] = parent[parent[a]];
            a = parent[a];
        }
        return a;
    }
}

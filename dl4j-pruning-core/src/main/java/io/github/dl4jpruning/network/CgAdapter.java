package io.github.dl4jpruning.network;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.graph.vertex.GraphVertex;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.deeplearning4j.nn.updater.BaseMultiLayerUpdater;
import org.deeplearning4j.optimize.api.TrainingListener;
import org.nd4j.linalg.api.ndarray.INDArray;

/** {@link NetworkAdapter} of a {@link ComputationGraph}: layers in topological order. */
final class CgAdapter extends NetworkAdapter {
    private final ComputationGraph cg;

    CgAdapter(ComputationGraph cg) {
        this.cg = cg;
    }

    @Override
    public Model model() {
        return cg;
    }

    @Override
    boolean initialized() {
        return cg.getVertices() != null;
    }

    @Override
    public List<LayerInfo> layers() {
        List<LayerInfo> out = new ArrayList<>();
        GraphVertex[] vertices = cg.getVertices();
        for (int idx : cg.topologicalSortOrder()) {
            GraphVertex v = vertices[idx];
            if (v.hasLayer()) {
                Layer l = v.getLayer();
                out.add(new LayerInfo(v.getVertexIndex(), v.getVertexName(), confOf(l), l.paramTable(), l));
            }
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public INDArray flatGradients() {
        return cg.getFlattenedGradients();
    }

    @Override
    public BaseMultiLayerUpdater<?> updater(boolean create) {
        return cg.getUpdater(create);
    }

    @Override
    public int epochCount() {
        return cg.getEpochCount();
    }

    @Override
    public int iterationCount() {
        return cg.getIterationCount();
    }

    @Override
    public double score(org.nd4j.linalg.dataset.DataSet data) {
        return cg.score(data, false);
    }

    @Override
    public INDArray output(INDArray features) {
        return cg.outputSingle(false, features);
    }

    @Override
    public INDArray computeGradient(org.nd4j.linalg.dataset.api.DataSet batch) {
        if (cg.getFlattenedGradients() == null) {
            cg.initGradientsView();
        }
        cg.setInputs(batch.getFeatures());
        cg.setLabels(batch.getLabels());
        cg.computeGradientAndScore();
        return cg.getFlattenedGradients();
    }

    @Override
    public void addListener(TrainingListener listener) {
        cg.addListeners(listener);
    }
}

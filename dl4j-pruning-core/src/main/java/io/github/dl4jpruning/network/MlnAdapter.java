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

/** {@link NetworkAdapter} of a {@link MultiLayerNetwork}. */
final class MlnAdapter extends NetworkAdapter {
    private final MultiLayerNetwork net;

    MlnAdapter(MultiLayerNetwork net) {
        this.net = net;
    }

    @Override
    public Model model() {
        return net;
    }

    @Override
    boolean initialized() {
        return net.getLayers() != null;
    }

    @Override
    public List<LayerInfo> layers() {
        List<LayerInfo> out = new ArrayList<>();
        for (int i = 0; i < net.getnLayers(); i++) {
            Layer l = net.getLayer(i);
            out.add(new LayerInfo(i, l.conf().getLayer().getLayerName(), confOf(l), l.paramTable(), l));
        }
        return Collections.unmodifiableList(out);
    }

    @Override
    public INDArray flatGradients() {
        return net.getFlattenedGradients();
    }

    @Override
    public BaseMultiLayerUpdater<?> updater(boolean create) {
        return (BaseMultiLayerUpdater<?>) net.getUpdater(create);
    }

    @Override
    public int epochCount() {
        return net.getEpochCount();
    }

    @Override
    public int iterationCount() {
        return net.getIterationCount();
    }

    @Override
    public double score(org.nd4j.linalg.dataset.DataSet data) {
        return net.score(data, false);
    }

    @Override
    public INDArray output(INDArray features) {
        return net.output(features, false);
    }

    @Override
    public INDArray computeGradient(org.nd4j.linalg.dataset.api.DataSet batch) {
        if (net.getFlattenedGradients() == null) {
            net.initGradientsView();
        }
        net.setInput(batch.getFeatures());
        net.setLabels(batch.getLabels());
        net.computeGradientAndScore();
        return net.getFlattenedGradients();
    }

    @Override
    public void addListener(TrainingListener listener) {
        net.addListeners(listener);
    }
}

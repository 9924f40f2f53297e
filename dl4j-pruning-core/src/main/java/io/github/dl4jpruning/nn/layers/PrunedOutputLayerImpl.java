package io.github.dl4jpruning.nn.layers;

import io.github.dl4jpruning.nn.conf.PrunedLayer;
import java.util.List;
import org.deeplearning4j.nn.api.layers.IOutputLayer;
import org.deeplearning4j.nn.workspace.LayerWorkspaceMgr;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.dataset.api.DataSet;
import org.nd4j.linalg.dataset.api.iterator.DataSetIterator;

/**
 * Runtime of a {@link PrunedLayer} that wraps an output layer: a {@link PrunedLayerImpl} (same masking) that is
 * also an {@link IOutputLayer}, because DL4J casts the last layer of a {@code MultiLayerNetwork}, and every output
 * vertex of a {@code ComputationGraph} it computes a loss for, to {@code IOutputLayer} ({@code setLabels},
 * {@code needsLabels}, {@code computeScore}, {@code computeScoreForExamples}; evaluation reads the wrapped layer's
 * configuration through {@code conf()}). Every {@code IOutputLayer} and {@code Classifier} method is answered by the
 * wrapped output layer; after a layer-level {@code fit} the masks are multiplied into the weights again.
 */
public class PrunedOutputLayerImpl extends PrunedLayerImpl implements IOutputLayer {

    private static final long serialVersionUID = 1L;

    private final IOutputLayer output;

    /**
     * Wraps an instantiated output layer.
     *
     * @param underlying the runtime output layer to prune
     * @param wrapperConf the wrapper's configuration (settings and pruned parameter keys)
     */
    public PrunedOutputLayerImpl(IOutputLayer underlying, PrunedLayer wrapperConf) {
        super(underlying, wrapperConf);
        this.output = underlying;
    }

    @Override
    public boolean needsLabels() {
        return output.needsLabels();
    }

    @Override
    public void setLabels(INDArray labels) {
        output.setLabels(labels);
    }

    @Override
    public INDArray getLabels() {
        return output.getLabels();
    }

    @Override
    public double computeScore(double fullNetRegTerm, boolean training, LayerWorkspaceMgr workspaceMgr) {
        return output.computeScore(fullNetRegTerm, training, workspaceMgr);
    }

    @Override
    public INDArray computeScoreForExamples(double fullNetRegTerm, LayerWorkspaceMgr workspaceMgr) {
        return output.computeScoreForExamples(fullNetRegTerm, workspaceMgr);
    }

    @Override
    public double f1Score(DataSet data) {
        return output.f1Score(data);
    }

    @Override
    public double f1Score(INDArray examples, INDArray labels) {
        return output.f1Score(examples, labels);
    }

    @Override
    public int numLabels() {
        return output.numLabels();
    }

    @Override
    public int[] predict(INDArray examples) {
        return output.predict(examples);
    }

    @Override
    public List<String> predict(DataSet dataSet) {
        return output.predict(dataSet);
    }

    @Override
    public void fit(DataSetIterator iter) {
        output.fit(iter);
        applyMasks();
    }

    @Override
    public void fit(INDArray examples, INDArray labels) {
        output.fit(examples, labels);
        applyMasks();
    }

    @Override
    public void fit(DataSet data) {
        output.fit(data);
        applyMasks();
    }

    @Override
    public void fit(INDArray examples, int[] labels) {
        output.fit(examples, labels);
        applyMasks();
    }

    @Override
    public String toString() {
        return "PrunedOutputLayerImpl(" + underlying + ", " + wrapperConf().settings() + ")";
    }
}

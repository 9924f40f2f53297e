package consumer;

import io.github.dl4jpruning.config.PruningConfig;
import io.github.dl4jpruning.listener.PruningListener;
import io.github.dl4jpruning.schedule.IterativeSchedule;
import java.nio.file.Path;
import java.nio.file.Paths;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.layers.DenseLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.lossfunctions.LossFunctions;
import org.slf4j.LoggerFactory;

/** Binds a PruningListener to a tiny network, which makes the library log one INFO line, and names the SLF4J jars. */
public final class Main {
    public static void main(String[] args) {
        MultiLayerNetwork net = new MultiLayerNetwork(new NeuralNetConfiguration.Builder().seed(1).list()
                .layer(new DenseLayer.Builder().nIn(4).nOut(3).activation(Activation.RELU).build())
                .layer(new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT).nIn(3).nOut(2)
                        .activation(Activation.SOFTMAX).build())
                .build());
        net.init();
        PruningListener pruning = new PruningListener(PruningConfig.builder()
                .schedule(new IterativeSchedule(1, 0.5, 1, 0.25)).build());
        pruning.bind(net);
        System.out.println("consumer: slf4j-api from " + jar(LoggerFactory.class) + ", logger factory "
                + LoggerFactory.getILoggerFactory().getClass().getName() + " from "
                + jar(LoggerFactory.getILoggerFactory().getClass()));
    }

    private static String jar(Class<?> c) {
        try {
            Path p = Paths.get(c.getProtectionDomain().getCodeSource().getLocation().toURI());
            return p.getFileName().toString();
        } catch (Exception e) {
            return "(unknown: " + e + ")";
        }
    }
}

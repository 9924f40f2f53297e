package io.github.dl4jpruning.bench;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Where a benchmark ran, as recorded in the JSON: compare results only between equal environments (same
 * backend and thread count, see {@code BENCHMARK.md}).
 *
 * @param backend {@code "CPU"} or {@code "CUDA"} (the ND4J backend class name if neither)
 * @param threads the thread count ND4J used (OpenMP threads as read back by {@link ThreadSettings})
 * @param java the Java runtime version, {@code java.version}
 * @param dl4j the Deeplearning4j version, for example {@code "1.0.0-M2.1"}
 * @param os operating system name, version and architecture
 */
@JsonPropertyOrder({"backend", "threads", "java", "dl4j", "os"})
public record Environment(@JsonProperty("backend") String backend, @JsonProperty("threads") int threads,
        @JsonProperty("java") String java, @JsonProperty("dl4j") String dl4j, @JsonProperty("os") String os) {

    /** The version the project builds against, used when the jar carries no Maven metadata. */
    static final String DL4J_VERSION = "1.0.0-M2.1";

    private static final String DL4J_POM_PROPERTIES =
            "META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";

    /**
     * Describes the running JVM and ND4J backend.
     *
     * @param threads the thread settings in effect
     * @return the environment
     */
    public static Environment capture(ThreadSettings threads) {
        return new Environment(backendName(Nd4j.getBackend().getClass().getSimpleName()), threads.openMp(),
                System.getProperty("java.version"), dl4jVersion(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")");
    }

    /**
     * Maps an ND4J backend class name to the JSON's backend name.
     *
     * @param backendClassName for example {@code "CpuBackend"} or {@code "JCublasBackend"}
     * @return {@code "CPU"}, {@code "CUDA"}, or the class name itself for any other backend
     */
    static String backendName(String backendClassName) {
        String n = backendClassName.toLowerCase(Locale.ROOT);
        if (n.contains("cpu") || n.contains("native")) {
            return "CPU";
        }
        if (n.contains("cuda") || n.contains("cublas")) {
            return "CUDA";
        }
        return backendClassName;
    }

    private static String dl4jVersion() {
        try (InputStream in = MultiLayerNetwork.class.getClassLoader().getResourceAsStream(DL4J_POM_PROPERTIES)) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version");
                if (v != null && !v.isBlank()) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the build-time version
        }
        String v = MultiLayerNetwork.class.getPackage().getImplementationVersion();
        return v != null ? v : DL4J_VERSION;
    }
}

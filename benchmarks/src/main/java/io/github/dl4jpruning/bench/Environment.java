package io.github.dl4jpruning.bench;

import io.github.dl4jpruning.kernels.Kernels;
import io.github.dl4jpruning.onednn.OneDnn;
import io.github.dl4jpruning.onednn.OneDnnStatus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.shade.jackson.annotation.JsonProperty;
import org.nd4j.shade.jackson.annotation.JsonPropertyOrder;

/**
 * Where a benchmark ran, as recorded in the JSON: compare results only between equal environments (same
 * backend and thread count, see {@code docs/BENCHMARK.md}).
 *
 * @param backend {@code "CPU"} or {@code "CUDA"} (the ND4J backend class name if neither)
 * @param threads the thread count ND4J used (OpenMP threads as read back by {@link ThreadSettings})
 * @param java the Java runtime version, {@code java.version}
 * @param dl4j the Deeplearning4j version, for example {@code "1.0.0-M2.1"}
 * @param os operating system name, version and architecture
 * @param device the GPU name(s) under CUDA ({@code cuda.deviceName} of ND4J's environment information), the CPU
 *        model otherwise
 * @param maskKernels the mask-kernel provider the pruning listener uses ({@code portable}, {@code cuda})
 * @param nativeBuild the ND4J native build loaded, e.g. {@code "linux-x86_64-onednn-avx2"} (see {@link OneDnnStatus})
 * @param oneDnn whether DL4J's convolution layers run through oneDNN in this run ({@code MKLDNNConvHelper} engaged on
 *        a probe network, see {@link OneDnn#enable()}); false with {@code --no-onednn}. Networks without convolutions
 *        compute the same either way
 * @param skipInputGradient whether training skipped the input gradient of the convolutions that read the network
 *        input ({@code OneDnn.skipInputGradients}, {@code --skip-input-gradient} with oneDNN engaged); false in
 *        results written before this field existed
 */
@JsonPropertyOrder({"backend", "threads", "java", "dl4j", "os", "device", "maskKernels", "nativeBuild", "oneDnn",
        "skipInputGradient"})
public record Environment(@JsonProperty("backend") String backend, @JsonProperty("threads") int threads,
        @JsonProperty("java") String java, @JsonProperty("dl4j") String dl4j, @JsonProperty("os") String os,
        @JsonProperty("device") String device, @JsonProperty("maskKernels") String maskKernels,
        @JsonProperty("nativeBuild") String nativeBuild, @JsonProperty("oneDnn") boolean oneDnn,
        @JsonProperty("skipInputGradient") boolean skipInputGradient) {

    /**
     * An environment without device information (tests, older results).
     *
     * @param backend the backend
     * @param threads the thread count
     * @param java the Java version
     * @param dl4j the DL4J version
     * @param os the operating system
     */
    public Environment(String backend, int threads, String java, String dl4j, String os) {
        this(backend, threads, java, dl4j, os, "unknown", "portable", "unknown", false, false);
    }

    /** The version the project builds against, used when the jar carries no Maven metadata. */
    static final String DL4J_VERSION = "1.0.0-M2.1";

    private static final String DL4J_POM_PROPERTIES =
            "META-INF/maven/org.deeplearning4j/deeplearning4j-nn/pom.properties";

    /**
     * Describes the running JVM and ND4J backend.
     *
     * @param oneDnn what {@link OneDnn#enable()} or {@link OneDnn#status()} found
     * @param threads the thread settings in effect
     * @return the environment
     */
    public static Environment capture(OneDnnStatus oneDnn, ThreadSettings threads) {
        return new Environment(backendName(Nd4j.getBackend().getClass().getSimpleName()), threads.openMp(),
                System.getProperty("java.version"), dl4jVersion(),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " ("
                        + System.getProperty("os.arch") + ")", deviceName(), Kernels.masks().name(),
                oneDnn.nativeBuild(), oneDnn.engaged(), CommandSupport.skipInputGradient());
    }

    /**
     * The GPU name(s) under CUDA, else the CPU model from {@code /proc/cpuinfo} (else the architecture).
     *
     * @return a human-readable device name
     */
    static String deviceName() {
        Object info = Nd4j.getExecutioner().getEnvironmentInformation().get("cuda.devicesInformation");
        if (info instanceof List<?> devices && !devices.isEmpty()) {
            List<String> names = new ArrayList<>();
            for (Object d : devices) {
                if (d instanceof Map<?, ?> m && m.get("cuda.deviceName") != null) {
                    names.add(String.valueOf(m.get("cuda.deviceName")));
                }
            }
            if (!names.isEmpty()) {
                return String.join(", ", names);
            }
        }
        try {
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (line.startsWith("model name")) {
                    return line.substring(line.indexOf(':') + 1).trim();
                }
            }
        } catch (IOException | RuntimeException e) {
            // fall through
        }
        return System.getProperty("os.arch");
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

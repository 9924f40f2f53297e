package io.github.dl4jpruning.onednn;

import java.lang.reflect.Field;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.bytedeco.javacpp.Loader;
import org.deeplearning4j.nn.api.Layer;
import org.deeplearning4j.nn.api.Model;
import org.deeplearning4j.nn.conf.CNN2DFormat;
import org.deeplearning4j.nn.conf.MultiLayerConfiguration;
import org.deeplearning4j.nn.conf.NeuralNetConfiguration;
import org.deeplearning4j.nn.conf.inputs.InputType;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.deeplearning4j.nn.layers.LayerHelper;
import org.deeplearning4j.nn.layers.convolution.Convolution1DLayer;
import org.deeplearning4j.nn.layers.convolution.ConvolutionLayer;
import org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper;
import org.deeplearning4j.nn.layers.wrapper.BaseWrapperLayer;
import org.deeplearning4j.nn.multilayer.MultiLayerNetwork;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.dataset.DataSet;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.learning.config.NoOp;
import org.nd4j.linalg.lossfunctions.LossFunctions.LossFunction;
import org.nd4j.nativeblas.NativeOpsHolder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One call that makes Deeplearning4j 1.0.0-M2.1 run CPU convolutions through oneDNN, and checks that it does.
 *
 * <p>M2.1 computes a {@code ConvolutionLayer} on CPU as im2col + GEMM orchestrated from Java unless the layer has a
 * helper, and it creates the oneDNN helper ({@code MKLDNNConvHelper}) only when three things hold:
 * <ol>
 * <li>the loaded ND4J native library has oneDNN: {@code org.nd4j:nd4j-native:1.0.0-M2.1} with classifier
 * {@code linux-x86_64-onednn-avx2} (or {@code -onednn-avx512}) instead of {@code linux-x86_64};</li>
 * <li>the system property {@value #HELPERS_DISABLE_PROPERTY} is {@code false} ({@code HelperUtils.createHelper}
 * reads it each time a layer is created; M2.1's default is {@code true}: no helper at all);</li>
 * <li>{@code BaseMKLDNNHelper.mklDnnEnabled()} succeeds: it needs the class {@code org.nd4j.nativeblas.Nd4jCpu$Environment},
 * which M2.1 does not ship and this module provides ({@link org.nd4j.nativeblas.Nd4jCpu.Environment}).</li>
 * </ol>
 * {@link #enable()} sets (2), checks (1) and (3), builds a tiny convolution network, trains it one step and reports
 * whether its layer really ran through {@code MKLDNNConvHelper}. Call it once at start-up, before any network is
 * initialised: the helper is chosen when a layer is created ({@code init()}, {@code ModelSerializer.restore...}), so
 * networks created earlier keep the built-in path. Besides convolution, DL4J then also creates its oneDNN helpers for
 * subsampling, batch normalization and local response normalization layers.
 *
 * <p>On a CPU without the instructions of the native build JavaCPP would load (no AVX2 for
 * {@code -onednn-avx2}, no AVX-512 for {@code -onednn-avx512}) the JVM dies with SIGILL while the library loads
 * (checked with the {@code -onednn-avx2} build under {@code qemu-x86_64 -cpu Nehalem}, where the plain build runs);
 * ND4J's own check, which would log "CPU Feature Check Failed" and call {@code System.exit(1)}, never gets to run.
 * When {@link #enable()} runs before anything has initialised JavaCPP, it checks {@code /proc/cpuinfo} first: if
 * another build on the class path runs on this CPU (a oneDNN build it supports, else the plain {@code linux-x86_64}
 * one) it sets {@value #PLATFORM_EXTENSION_PROPERTY} to that build and logs a warning; if none does, it logs an error
 * and leaves ND4J unloaded. Users of such CPUs should depend on the plain {@code linux-x86_64} classifier
 * (convolutions then run as im2col + GEMM), or pass {@code -D}{@value #PLATFORM_EXTENSION_PROPERTY}{@code =} to pick it
 * when both are on the class path.
 *
 * <p>Typical use:
 * <pre>{@code
 * OneDnnStatus s = OneDnn.enable();   // logs "oneDNN convolutions engaged ..." or a WARN naming what is missing
 * MultiLayerNetwork net = new MultiLayerNetwork(conf);
 * net.init();
 * assert OneDnn.isEngaged(net);
 * }</pre>
 *
 * <p>Side effect worth knowing: the probe network's {@code init()} reseeds ND4J's default random generator, as every
 * DL4J network's {@code init()} does.
 */
public final class OneDnn {

    /** DL4J's switch for all layer helpers (cuDNN, oneDNN); {@code "true"} (no helpers) unless set. */
    public static final String HELPERS_DISABLE_PROPERTY = "org.eclipse.deeplearning4j.helpers.disable";

    /** JavaCPP's choice of native build: {@code -onednn-avx2}, {@code -onednn-avx512}, empty for the plain build. */
    public static final String PLATFORM_EXTENSION_PROPERTY = NativeBuild.EXTENSION_PROPERTY;

    /** Shown for {@link OneDnnStatus#nativeBuild()} when the native library has not been loaded. */
    public static final String NOT_LOADED = "not loaded";

    private static final Logger log = LoggerFactory.getLogger(OneDnn.class);

    private static final String CPU_BINDINGS = "org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu";

    private static final String ONEDNN_BUILD_MARKER = "HAVE_ONEDNN";

    private static final long PROBE_SEED = 12345L;

    private OneDnn() {
    }

    /**
     * Switches DL4J's layer helpers on (system property {@value #HELPERS_DISABLE_PROPERTY} = {@code false}, and ND4J's
     * {@code allowHelpers(true)}), makes sure a native build this CPU can run is loaded, and checks that a
     * {@code ConvolutionLayer} initialised now runs through oneDNN. Logs the outcome once: INFO when engaged, else a
     * WARN naming what is missing (the oneDNN classifier, the property, the CPU's AVX2...). Never throws for a
     * missing piece; read {@link OneDnnStatus#engaged()}.
     *
     * @return what was found
     */
    public static synchronized OneDnnStatus enable() {
        String before = System.getProperty(HELPERS_DISABLE_PROPERTY);
        System.setProperty(HELPERS_DISABLE_PROPERTY, "false");
        if ("true".equalsIgnoreCase(before)) {
            log.info("{} was true; set to false so that DL4J creates its oneDNN layer helpers", HELPERS_DISABLE_PROPERTY);
        }
        OneDnnStatus status = inspect(true);
        if (status.engaged()) {
            log.info(status.summary());
        } else {
            log.warn(status.summary());
        }
        return status;
    }

    /**
     * Switches DL4J's layer helpers off again (system property {@value #HELPERS_DISABLE_PROPERTY} = {@code true}):
     * layers created afterwards use the built-in im2col + GEMM path; layers created before keep what they have.
     */
    public static synchronized void disable() {
        System.setProperty(HELPERS_DISABLE_PROPERTY, "true");
        log.info("DL4J layer helpers disabled ({}=true): networks initialised from now on run convolutions as "
                + "im2col + GEMM", HELPERS_DISABLE_PROPERTY);
    }

    /**
     * What {@link #enable()} would report, without changing any setting (loads ND4J's natives if they are not loaded
     * yet, unless the CPU cannot run the build JavaCPP would pick). Logs nothing above DEBUG.
     *
     * @return what was found
     */
    public static synchronized OneDnnStatus status() {
        OneDnnStatus status = inspect(false);
        log.debug(status.summary());
        return status;
    }

    /**
     * Whether every standard convolution layer of {@code network} ({@code ConvolutionLayer} and
     * {@code Convolution1DLayer}, also inside wrappers such as {@code PrunedLayer}) runs through oneDNN: its helper is
     * DL4J's {@code MKLDNNConvHelper} and has never fallen back to the built-in path. Deconvolution, depthwise,
     * separable and 3D convolutions have no oneDNN helper in DL4J M2.1 and are not counted.
     *
     * @param network an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return true if it has at least one such layer and all of them run through oneDNN
     * @throws IllegalArgumentException if {@code network} is neither
     * @throws IllegalStateException if it is not initialised
     */
    public static boolean isEngaged(Model network) {
        List<ConvolutionPath> paths = convolutionPaths(network);
        return !paths.isEmpty() && paths.stream().allMatch(ConvolutionPath::oneDnn);
    }

    /**
     * Refuses a network whose convolutions would run through oneDNN in the channels-last layout: DL4J 1.0.0-M2.1's
     * {@code MKLDNNConvHelper} mis-trains {@code CNN2DFormat.NHWC} convolutions (LeNet-5 on 10,000 Fashion-MNIST
     * images: 0.52 accuracy after two epochs instead of 0.78) and crashed the JVM in its backward pass in one of
     * two runs. Call it after {@code init()}, before training.
     *
     * @param network an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @throws IllegalArgumentException if a convolution that runs through oneDNN uses NHWC (the message names the
     *         layer and the two ways out), or {@code network} is of another type
     * @throws IllegalStateException if it is not initialised
     */
    public static void requireSupported(Model network) {
        for (Layer layer : layers(network)) {
            Layer inner = unwrap(layer);
            if (isStandardConvolution(inner) && ConvolutionPath.ONEDNN_HELPER.equals(helperName(inner.getHelper()))
                    && ((org.deeplearning4j.nn.conf.layers.ConvolutionLayer) inner.conf().getLayer()).getCnn2dDataFormat()
                            == CNN2DFormat.NHWC) {
                throw new IllegalArgumentException("layer '" + layerName(layer) + "' runs through oneDNN with "
                        + "dataFormat NHWC, which DL4J 1.0.0-M2.1's MKLDNNConvHelper does not train correctly (wrong "
                        + "gradients, JVM crashes): build it with CNN2DFormat.NCHW (DL4J's default) or call "
                        + "OneDnn.disable() before init()");
            }
        }
    }

    /**
     * How each standard convolution layer of {@code network} computes (see {@link #isEngaged(Model)}), in layer
     * order.
     *
     * @param network an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return one entry per {@code ConvolutionLayer} / {@code Convolution1DLayer}; empty if there is none
     * @throws IllegalArgumentException if {@code network} is neither
     * @throws IllegalStateException if it is not initialised
     */
    public static List<ConvolutionPath> convolutionPaths(Model network) {
        List<ConvolutionPath> paths = new ArrayList<>();
        for (Layer outer : layers(network)) {
            Layer inner = unwrap(outer);
            if (isStandardConvolution(inner)) {
                paths.add(new ConvolutionPath(layerName(outer), inner.getClass().getSimpleName(),
                        helperName(inner.getHelper()),
                        helperFailures((ConvolutionLayer) inner)));
            }
        }
        return List.copyOf(paths);
    }

    /**
     * Stops the training backward pass from computing the gradient with respect to the network input, which DL4J
     * throws away: for each {@code ConvolutionLayer} that reads the input directly (layer 0 of a
     * {@code MultiLayerNetwork}, also inside a wrapper such as {@code PrunedLayer}; a {@code ComputationGraph} layer
     * vertex whose inputs are all network inputs) whose oneDNN helper is engaged, replaces the helper by one that
     * forwards everything to it, except that during {@code fit} / {@code computeGradientAndScore()} it computes only
     * the weight and bias gradients (for stride 1 and dilation 1 as one oneDNN forward convolution of the input with
     * the output gradient as kernel, otherwise im2col + one GEMM like DL4J's built-in path) and hands back a zero
     * array in
     * place of the input gradient. oneDNN's {@code conv2d_bp} computes all three gradients together, and for a first
     * layer with one input channel its backward-data part is the costliest oneDNN primitive of LeNet-5 training.
     *
     * <p>Exact: parameters, gradients, scores and updates equal those of the unswitched network up to float rounding
     * order (the weight gradient is summed by another kernel than oneDNN's backward-weights one). The true input
     * gradient is still computed whenever a caller keeps it: the helper looks at the call stack once per backward
     * pass and delegates to oneDNN unless {@code MultiLayerNetwork.calcBackpropGradients} /
     * {@code ComputationGraph.calcBackpropGradients} was called by the same class's {@code computeGradientAndScore()},
     * so {@code calculateGradients(...)}, {@code backpropGradient(...)} and any other caller get the real one. The
     * one thing that changes for such a caller's view: after a training step the layer's returned epsilon is zeros,
     * which DL4J discards.
     *
     * <p>Left untouched, with the reason in the result: layers not fed by the network input, subclasses of
     * {@code ConvolutionLayer} ({@code Convolution1DLayer}...), NHWC layers, layers with weight noise, layers without
     * the oneDNN helper (built-in path, {@code --no-onednn}) or whose helper has failed before.
     *
     * <p>Call order: after {@link #enable()} and after the network's {@code init()}; again on every network created
     * later (a {@code clone()}, a model restored by {@code ModelSerializer}, a network rebuilt by thinning), since the
     * helper belongs to the layer object. Calling it twice is harmless ("already switched").
     *
     * @param network an initialised {@code MultiLayerNetwork} or {@code ComputationGraph}
     * @return one entry per {@code ConvolutionLayer} / {@code Convolution1DLayer}, in layer order: switched or not,
     *         and why
     * @throws IllegalArgumentException if {@code network} is neither
     * @throws IllegalStateException if it is not initialised
     */
    public static List<InputGradientSkip> skipInputGradients(Model network) {
        return InputGradientSkipper.apply(network);
    }

    /** The simple class name of a layer's helper, seeing through {@link #skipInputGradients(Model)}'s wrapper. */
    private static String helperName(LayerHelper helper) {
        LayerHelper h = helper instanceof WeightGradientOnlyHelper w ? w.delegate() : helper;
        return h == null ? null : h.getClass().getSimpleName();
    }

    private static Layer[] layers(Model network) {
        Layer[] layers;
        if (network instanceof MultiLayerNetwork mln) {
            layers = mln.getLayers();
        } else if (network instanceof ComputationGraph graph) {
            layers = graph.getLayers();
        } else {
            throw new IllegalArgumentException("network (" + (network == null ? "null" : network.getClass().getName())
                    + ") must be a MultiLayerNetwork or ComputationGraph");
        }
        if (layers == null) {
            throw new IllegalStateException("network has no layers yet: call init() before asking how its "
                    + "convolutions run");
        }
        return layers;
    }

    private static Layer unwrap(Layer outer) {
        Layer inner = outer;
        while (inner instanceof BaseWrapperLayer wrapper) {
            inner = wrapper.getUnderlying();
        }
        return inner;
    }

    private static boolean isStandardConvolution(Layer inner) {
        return inner != null && (inner.getClass() == ConvolutionLayer.class
                || inner.getClass() == Convolution1DLayer.class);
    }

    private static String layerName(Layer layer) {
        String name = layer.conf() == null || layer.conf().getLayer() == null ? null
                : layer.conf().getLayer().getLayerName();
        return name != null ? name : "layer" + layer.getIndex();
    }

    private static int helperFailures(ConvolutionLayer layer) {
        try {
            Field f = ConvolutionLayer.class.getDeclaredField("helperCountFail");
            f.setAccessible(true);
            return f.getInt(layer);
        } catch (ReflectiveOperationException | RuntimeException e) {
            log.debug("ConvolutionLayer.helperCountFail cannot be read ({}); helper failures unknown", e.toString());
            return -1;
        }
    }

    private static OneDnnStatus inspect(boolean enabling) {
        CpuInfo cpu = CpuInfo.read();
        List<String> missing = new ArrayList<>();
        ClassLoader loader = OneDnn.class.getClassLoader();
        try {
            Class.forName(CPU_BINDINGS, false, loader);
        } catch (ClassNotFoundException | LinkageError e) {
            missing.add("ND4J's CPU backend (org.nd4j:nd4j-native) is not on the class path: oneDNN serves the CPU "
                    + "backend only; add nd4j-native with classifier " + NativeBuild.javacppPlatform() + "-onednn-avx2");
            return new OneDnnStatus(false, NOT_LOADED, false, false, cpu.describe(), missing);
        }
        String platform = NativeBuild.javacppPlatform();     // not Loader.getPlatform(): see chooseRunnableBuild
        if (!chooseRunnableBuild(cpu, platform, loader, enabling, missing)) {
            return new OneDnnStatus(false, NOT_LOADED, false, helpersProperty(), cpu.describe(), missing);
        }

        String backend = Nd4j.getExecutioner().getEnvironmentInformation().getProperty("backend");
        if (!"CPU".equalsIgnoreCase(backend)) {
            missing.add("the ND4J backend in use is " + backend + ", not CPU: oneDNN serves the CPU backend only");
            return new OneDnnStatus(false, "none (backend " + backend + ")", false, false, cpu.describe(), missing);
        }
        String nativeBuild = NativeBuild.fromLoadedPath(loadedLibraryPath(), platform)
                .map(b -> b.classifier(platform)).orElse("unknown (" + loadedLibraryPath() + ")");
        String buildInfo = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
        boolean hasOneDnn = buildInfo != null && buildInfo.contains(ONEDNN_BUILD_MARKER);
        if (!hasOneDnn) {
            missing.add("the loaded ND4J native build " + nativeBuild + " has no oneDNN: " + advice(cpu, platform)
                    + onClassPathButNotLoaded(platform, loader));
        }
        org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment nativeEnv =
                org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance();
        if (hasOneDnn && !nativeEnv.isUseONEDNN()) {
            missing.add("ND4J's oneDNN switch is off (Nd4jCpu.Environment.setUseONEDNN(false) was called)");
        }
        if (enabling && !Nd4j.getEnvironment().helpersAllowed()) {
            Nd4j.getEnvironment().allowHelpers(true);
            log.info("ND4J's Environment.helpersAllowed() was false; set to true");
        }
        boolean helpersAllowed = helpersProperty() && Nd4j.getEnvironment().helpersAllowed();
        if (!helpersProperty()) {
            missing.add("DL4J layer helpers are disabled: system property " + HELPERS_DISABLE_PROPERTY + " is "
                    + System.getProperty(HELPERS_DISABLE_PROPERTY, "unset (default true)")
                    + "; call OneDnn.enable() or pass -D" + HELPERS_DISABLE_PROPERTY + "=false");
        } else if (!Nd4j.getEnvironment().helpersAllowed()) {
            missing.add("ND4J's Environment.helpersAllowed() is false; call OneDnn.enable()");
        }
        if (hasOneDnn && helpersAllowed && !BaseMKLDNNHelper.mklDnnEnabled()) {
            missing.add("DL4J's BaseMKLDNNHelper.mklDnnEnabled() is false although the native build has oneDNN: it "
                    + "could not use org.nd4j.nativeblas.Nd4jCpu$Environment (this module's compatibility class) "
                    + "through DL4JClassLoading's class loader, or an earlier failed check is latched for this JVM");
        }

        boolean engaged = false;
        try {
            List<ConvolutionPath> probe = convolutionPaths(trainedProbe());
            engaged = !probe.isEmpty() && probe.stream().allMatch(ConvolutionPath::oneDnn);
            if (!engaged && missing.isEmpty()) {
                missing.add("a ConvolutionLayer initialised now runs " + probe + ", not MKLDNNConvHelper without "
                        + "failures (DEBUG logging of org.deeplearning4j.nn.layers shows why)");
            }
        } catch (RuntimeException e) {
            missing.add("training a one-layer convolution probe failed: " + e);
        }
        return new OneDnnStatus(engaged, nativeBuild, hasOneDnn, helpersAllowed, cpu.describe(), missing);
    }

    /**
     * Makes sure JavaCPP will not load a native build this CPU cannot run (the JVM dies with SIGILL while the library
     * loads, checked under {@code qemu-x86_64 -cpu Nehalem}). Touches JavaCPP's {@code Loader} only after deciding,
     * because JavaCPP reads {@value #PLATFORM_EXTENSION_PROPERTY} once, when {@code Loader} initialises.
     *
     * @return false if ND4J must stay unloaded (no runnable build, or JavaCPP initialised too early to switch)
     */
    private static boolean chooseRunnableBuild(CpuInfo cpu, String platform, ClassLoader loader, boolean enabling,
            List<String> missing) {
        String property = System.getProperty(PLATFORM_EXTENSION_PROPERTY);
        Optional<NativeBuild> predicted = NativeBuild.predict(property, b -> onClassPath(b, platform, loader));
        if (predicted.isEmpty() || cpu.has(predicted.get().requiredFlags())) {
            return true;     // nothing found (ND4J will report it) or a build this CPU runs
        }
        String wanted = predicted.get().classifier(platform);
        String lacking = predicted.get().requiredFlags().contains("avx2") ? "AVX2" : "AVX-512";
        Optional<NativeBuild> fallback = NativeBuild.safeFallback(cpu, b -> onClassPath(b, platform, loader));
        if (enabling && fallback.isPresent()) {
            NativeBuild use = fallback.get();
            String previous = System.getProperty(PLATFORM_EXTENSION_PROPERTY);
            System.setProperty(PLATFORM_EXTENSION_PROPERTY, use.extension());   // before anything touches Loader
            if (loadedLibraryPath() != null) {
                restore(previous);
                return true;     // loaded before, and the JVM is alive: the CPU runs it after all
            }
            if (!use.extension().equals(Loader.loadProperties().getProperty("platform.extension"))) {
                restore(previous);
                missing.add("this CPU (" + cpu.describe() + ") has no " + lacking + ", which the native build " + wanted
                        + " needs, and JavaCPP was initialised before OneDnn.enable(), too early to switch to "
                        + use.classifier(platform) + ": call OneDnn.enable() before any ND4J use, or pass -D"
                        + PLATFORM_EXTENSION_PROPERTY + "=" + use.extension() + " to the JVM");
                log.error("CPU {} has no {}, which ND4J's {} build needs, and JavaCPP was initialised before "
                        + "OneDnn.enable(): ND4J left unloaded (loading it would kill the JVM)", cpu.model(), lacking,
                        wanted);
                return false;
            }
            missing.add("this CPU (" + cpu.describe() + ") has no " + lacking + ", which the native build " + wanted
                    + " needs; loading " + use.classifier(platform) + " instead (" + PLATFORM_EXTENSION_PROPERTY
                    + "=\"" + use.extension() + "\")");
            log.warn("CPU {} has no {}: ND4J's {} build would kill the JVM (SIGILL) when it loads; {}=\"{}\" set to "
                    + "load {}", cpu.model(), lacking, wanted, PLATFORM_EXTENSION_PROPERTY, use.extension(),
                    use.classifier(platform));
            return true;
        }
        if (loadedLibraryPath() != null) {
            return true;         // loaded before, and the JVM is alive
        }
        missing.add("this CPU (" + cpu.describe() + ") has no " + lacking + ", which the native build " + wanted
                + " needs: loading it would kill the JVM (SIGILL); depend on the plain " + platform
                + " classifier of org.nd4j:nd4j-native instead (or beside it, and pass -D" + PLATFORM_EXTENSION_PROPERTY
                + "= to the JVM)");
        log.error("CPU {} has no {}, which ND4J's {} build needs: ND4J left unloaded (loading it would kill the JVM); "
                + "use the plain {} classifier of nd4j-native", cpu.model(), lacking, wanted, platform);
        return false;
    }

    /** What to depend on instead of a build without oneDNN, given the CPU. */
    private static String advice(CpuInfo cpu, String platform) {
        if (!cpu.has(CpuInfo.AVX2_FLAGS)) {
            return "ND4J M2.1's oneDNN builds need AVX2 (-onednn-avx2) or AVX-512 (-onednn-avx512), which this CPU ("
                    + cpu.describe() + ") lacks, so the plain build is the right one here and convolutions stay on "
                    + "im2col + GEMM";
        }
        return "depend on org.nd4j:nd4j-native with classifier " + platform + "-onednn-avx2"
                + (cpu.has(CpuInfo.AVX512_FLAGS) ? " (or -onednn-avx512)" : "") + " instead";
    }

    private static void restore(String previous) {
        if (previous == null) {
            System.clearProperty(PLATFORM_EXTENSION_PROPERTY);
        } else {
            System.setProperty(PLATFORM_EXTENSION_PROPERTY, previous);
        }
    }

    private static boolean onClassPath(NativeBuild build, String platform, ClassLoader loader) {
        return loader.getResource(build.libraryResource(platform)) != null;
    }

    private static String onClassPathButNotLoaded(String platform, ClassLoader loader) {
        for (NativeBuild b : NativeBuild.FALLBACK_ORDER) {
            if (b.oneDnn() && onClassPath(b, platform, loader)) {
                return " (" + b.classifier(platform) + " is on the class path, but JavaCPP loaded another build: "
                        + PLATFORM_EXTENSION_PROPERTY + " is " + System.getProperty(PLATFORM_EXTENSION_PROPERTY, "unset")
                        + ", or ND4J was loaded before)";
            }
        }
        return "";
    }

    private static String loadedLibraryPath() {
        Map<String, String> loaded = Loader.getLoadedLibraries();
        return loaded.get("nd4jcpu");
    }

    private static boolean helpersProperty() {
        return "false".equalsIgnoreCase(System.getProperty(HELPERS_DISABLE_PROPERTY, "true"));
    }

    /** A one-convolution network, trained one step, so that both the forward and the backward helper calls ran. */
    private static MultiLayerNetwork trainedProbe() {
        MultiLayerConfiguration conf = new NeuralNetConfiguration.Builder()
                .seed(PROBE_SEED).dataType(DataType.FLOAT).updater(new NoOp()).list()
                .layer(new org.deeplearning4j.nn.conf.layers.ConvolutionLayer.Builder(3, 3).nOut(2)
                        .activation(Activation.IDENTITY).build())
                .layer(new OutputLayer.Builder(LossFunction.MSE).nOut(2).activation(Activation.IDENTITY).build())
                .setInputType(InputType.convolutional(6, 6, 1))
                .build();
        MultiLayerNetwork net = new MultiLayerNetwork(conf);
        net.init();
        DataSet batch = new DataSet(Nd4j.linspace(DataType.FLOAT, 0.0, 1.0 / 72, 72).reshape(2, 1, 6, 6),
                Nd4j.zeros(DataType.FLOAT, 2, 2));
        net.fit(batch);
        return net;
    }
}

package org.nd4j.nativeblas;

/**
 * Compatibility shim for Deeplearning4j 1.0.0-M2.1: the one class name that DL4J's oneDNN layer helpers look up and
 * ND4J M2.1 no longer ships. Not API; nothing but DL4J's reflection should use it.
 *
 * <p>{@code org.deeplearning4j.nn.layers.mkldnn.BaseMKLDNNHelper.mklDnnEnabled()} (deeplearning4j-nn 1.0.0-M2.1)
 * does, by reflection: load the class {@code "org.nd4j.nativeblas.Nd4jCpu$Environment"} through
 * {@code DL4JClassLoading.loadClassByName}, {@code getMethod("getInstance").invoke(null)}, then
 * {@code getMethod("isUseMKLDNN").invoke(instance)} and casts the result to {@code Boolean}; any {@code Throwable}
 * makes it answer {@code false} for the rest of the JVM's life. nd4j-native 1.0.0-M2.1 ships that class as
 * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu$Environment} with {@code isUseONEDNN()} instead, so
 * without this shim the lookup fails and no {@code MKLDNN*Helper} (convolution, subsampling, batch normalization,
 * local response normalization) is ever created. (Checked with {@code javap -c} on both jars.)
 *
 * <p>The package {@code org.nd4j.nativeblas} also exists in nd4j-native-api ({@code NativeOps}...); a split package
 * is fine on the class path, which is where ND4J M2.1 runs (it has no {@code module-info}).
 */
public final class Nd4jCpu {

    private Nd4jCpu() {
    }

    /**
     * The environment object {@code BaseMKLDNNHelper} asks whether oneDNN is in use; it answers with what the
     * loaded ND4J native library says.
     */
    public static final class Environment {

        private static final Environment INSTANCE = new Environment();

        /** Marker of oneDNN in libnd4j's {@code buildInfo()} (present in the -onednn-* builds of M2.1 only). */
        static final String ONEDNN_BUILD_MARKER = "HAVE_ONEDNN";

        /** Whether the loaded native library has oneDNN; null until first asked (it cannot change in a JVM). */
        private static volatile Boolean buildHasOneDnn;

        private Environment() {
        }

        /**
         * The single instance ({@code BaseMKLDNNHelper} calls this through {@code Class.getMethod("getInstance")}).
         *
         * @return the shared instance
         */
        public static Environment getInstance() {
            return INSTANCE;
        }

        /**
         * Whether the loaded ND4J native library runs oneDNN: M2.1's
         * {@code org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()} <em>and</em>
         * {@value #ONEDNN_BUILD_MARKER} in the library's {@code buildInfo()}. The first alone is not enough: it is a
         * runtime switch that is {@code true} by default in every build, the plain {@code linux-x86_64} one included
         * (checked), so delegating to it alone would hand DL4J's "MKLDNN" helpers to a library without oneDNN, a path
         * DL4J never runs otherwise. Loads ND4J's CPU natives if they are not loaded yet; throws (and DL4J then treats
         * oneDNN as unavailable) when the CPU backend's classes are absent, e.g. under the CUDA backend.
         *
         * @return true if the native library was built with oneDNN and uses it
         */
        public boolean isUseMKLDNN() {
            return org.nd4j.linalg.cpu.nativecpu.bindings.Nd4jCpu.Environment.getInstance().isUseONEDNN()
                    && buildHasOneDnn();
        }

        private static boolean buildHasOneDnn() {
            Boolean has = buildHasOneDnn;
            if (has == null) {
                org.nd4j.linalg.factory.Nd4j.getBackend();   // NativeOpsHolder needs the backend's properties loaded
                String info = NativeOpsHolder.getInstance().getDeviceNativeOps().buildInfo();
                has = info != null && info.contains(ONEDNN_BUILD_MARKER);
                buildHasOneDnn = has;
            }
            return has;
        }
    }
}

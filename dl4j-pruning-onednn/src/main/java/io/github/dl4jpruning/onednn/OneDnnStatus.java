package io.github.dl4jpruning.onednn;

import java.util.List;

/**
 * Whether DL4J runs CPU convolutions through oneDNN in this JVM, and if not, why: what {@link OneDnn#enable()} and
 * {@link OneDnn#status()} found.
 *
 * @param engaged true if a {@code ConvolutionLayer} initialised now gets DL4J's {@code MKLDNNConvHelper} and one
 *        training step through it succeeds without falling back to the built-in im2col + GEMM path
 * @param nativeBuild the classifier of the loaded ND4J native library (e.g. {@code "linux-x86_64-onednn-avx2"}), or
 *        {@code "not loaded"} when {@link OneDnn#enable()} left it unloaded because the CPU cannot run it
 * @param nativeHasOneDnn whether the loaded library was built with oneDNN ({@code HAVE_ONEDNN} in its build
 *        information)
 * @param helpersAllowed whether DL4J may create layer helpers: the system property
 *        {@value OneDnn#HELPERS_DISABLE_PROPERTY} is {@code false} and ND4J's {@code Environment.helpersAllowed()}
 * @param cpu the CPU model and its AVX2 / AVX-512 support
 * @param missing what is missing for the oneDNN path, one sentence each with the fix; empty when engaged
 */
public record OneDnnStatus(boolean engaged, String nativeBuild, boolean nativeHasOneDnn, boolean helpersAllowed,
        String cpu, List<String> missing) {

    /**
     * Copies {@code missing}.
     *
     * @param engaged whether the helper engages
     * @param nativeBuild the loaded build
     * @param nativeHasOneDnn whether it has oneDNN
     * @param helpersAllowed whether helpers are allowed
     * @param cpu the CPU
     * @param missing what is missing
     */
    public OneDnnStatus {
        missing = List.copyOf(missing);
    }

    /**
     * One line for logs: what runs and, when it is not oneDNN, what is missing.
     *
     * @return e.g. {@code "oneDNN convolutions engaged (native linux-x86_64-onednn-avx2, CPU ...)"}
     */
    public String summary() {
        String where = "native " + nativeBuild + ", CPU " + cpu;
        if (engaged) {
            return "oneDNN convolutions engaged: ConvolutionLayer runs through DL4J's MKLDNNConvHelper (" + where + ")";
        }
        return "oneDNN convolutions NOT engaged, convolutions run as im2col + GEMM (" + where + "): "
                + String.join("; ", missing);
    }
}

package io.github.dl4jpruning.onednn;

import org.bytedeco.javacpp.Loader;

/**
 * Run in a child JVM by {@link OneDnnCpuGuardTest}: calls {@link OneDnn#enable()} first thing, then prints one line per
 * fact for the test to read.
 */
public final class GuardProbe {

    private GuardProbe() {
    }

    /**
     * Enables oneDNN and prints the outcome.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        OneDnnStatus s = OneDnn.enable();
        System.out.println("engaged=" + s.engaged());
        System.out.println("nativeBuild=" + s.nativeBuild());
        System.out.println("missing=" + s.missing());
        System.out.println("nd4jcpuLoaded=" + (Loader.getLoadedLibraries().get("nd4jcpu") != null));
    }
}

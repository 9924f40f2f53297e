package io.github.dl4jpruning.onednn;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;

/**
 * One native build of ND4J's CPU backend (an {@code nd4j-native} classifier), named by its JavaCPP platform
 * extension: {@code ""} for the plain {@code linux-x86_64} classifier, {@code "-onednn-avx2"} for
 * {@code linux-x86_64-onednn-avx2}...
 *
 * <p>Which build JavaCPP 1.5.7 loads (checked with every combination on one class path, and in JavaCPP's
 * {@code Loader}/{@code ClassProperties}): with the system property {@value #EXTENSION_PROPERTY} unset it tries the
 * extensions that nd4j-native-preset's {@code Nd4jCpuPresets} declares
 * ({@code -onednn, -onednn-avx512, -onednn-avx2, -vednn, -vednn-avx512, -vednn-avx2, -, -avx2, -avx512, -compat})
 * <em>in reverse</em>, then the plain build, and loads the first whose library is on the class path: a oneDNN build
 * beside the plain one wins, and {@code -onednn-avx2} wins over {@code -onednn-avx512}. With the property set to
 * {@code X} it tries {@code X}, then the plain build; set to the empty string, only the plain build. JavaCPP reads the
 * property once, when its {@code Loader} class initialises (any ND4J array or native call does that): setting it later
 * has no effect.
 *
 * @param extension the JavaCPP platform extension, {@code ""} for the plain build
 */
record NativeBuild(String extension) {

    /** JavaCPP's system property that picks the native build. */
    static final String EXTENSION_PROPERTY = "org.bytedeco.javacpp.platform.extension";

    /** The plain build (classifier {@code linux-x86_64}): no oneDNN, runs on any x86-64 CPU. */
    static final NativeBuild PLAIN = new NativeBuild("");

    /** Where nd4j-native keeps its libraries on the class path, followed by platform + extension. */
    static final String RESOURCE_ROOT = "org/nd4j/linalg/cpu/nativecpu/bindings/";

    /** The extensions JavaCPP tries when {@value #EXTENSION_PROPERTY} is unset, in the order it tries them. */
    static final List<String> UNSET_PROPERTY_ORDER = List.of("-compat", "-avx512", "-avx2", "-vednn-avx2",
            "-vednn-avx512", "-vednn", "-onednn-avx2", "-onednn-avx512", "-onednn");

    /** The builds {@link OneDnn#enable()} may fall back to on a CPU that cannot run the one JavaCPP would load. */
    static final List<NativeBuild> FALLBACK_ORDER = List.of(new NativeBuild("-onednn-avx512"),
            new NativeBuild("-onednn-avx2"), new NativeBuild("-onednn"), PLAIN);

    /**
     * JavaCPP's platform name computed as its {@code Loader.Detector} does for the common cases, without touching
     * {@code Loader}: initialising that class makes JavaCPP read {@value #EXTENSION_PROPERTY} once and for all (checked:
     * a value set after {@code Class.forName("org.bytedeco.javacpp.Loader")} is ignored).
     *
     * @param override the system property {@code org.bytedeco.javacpp.platform}, or null
     * @param osName {@code os.name}
     * @param osArch {@code os.arch}
     * @return e.g. {@code "linux-x86_64"}
     */
    static String javacppPlatform(String override, String osName, String osArch) {
        if (override != null && !override.isEmpty()) {
            return override;
        }
        String os = osName.toLowerCase(java.util.Locale.ROOT);
        os = os.startsWith("mac os x") || os.startsWith("darwin") ? "macosx"
                : os.startsWith("windows") ? "windows" : os.replaceAll("\\s+", "");
        String arch = osArch.toLowerCase(java.util.Locale.ROOT);
        arch = switch (arch) {
            case "amd64", "x86-64", "x86_64" -> "x86_64";
            case "aarch64", "armv8", "arm64" -> "arm64";
            case "i386", "i486", "i586", "i686" -> "x86";
            default -> arch;
        };
        return os + "-" + arch;
    }

    /**
     * The platform of this JVM, see {@link #javacppPlatform(String, String, String)}.
     *
     * @return e.g. {@code "linux-x86_64"}
     */
    static String javacppPlatform() {
        return javacppPlatform(System.getProperty("org.bytedeco.javacpp.platform"), System.getProperty("os.name", ""),
                System.getProperty("os.arch", ""));
    }

    /**
     * The CPU flags this build needs.
     *
     * @return the AVX-512 or AVX2 flags, or none
     */
    Set<String> requiredFlags() {
        if (extension.endsWith("-avx512")) {
            return CpuInfo.AVX512_FLAGS;
        }
        return extension.endsWith("-avx2") ? CpuInfo.AVX2_FLAGS : Set.of();
    }

    /**
     * Whether the build is one of ND4J's oneDNN builds (by name; {@link OneDnn} checks the loaded library's own
     * build information as well).
     *
     * @return true for the {@code -onednn*} extensions
     */
    boolean oneDnn() {
        return extension.startsWith("-onednn");
    }

    /**
     * The Maven classifier on a platform.
     *
     * @param platform JavaCPP's platform, e.g. {@code "linux-x86_64"}
     * @return e.g. {@code "linux-x86_64-onednn-avx2"}
     */
    String classifier(String platform) {
        return platform + extension;
    }

    /**
     * The class-path resource of this build's main library.
     *
     * @param platform JavaCPP's platform
     * @return e.g. {@code org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so}
     */
    String libraryResource(String platform) {
        return RESOURCE_ROOT + classifier(platform) + "/" + System.mapLibraryName("nd4jcpu");
    }

    /**
     * The build JavaCPP will load, given what is on the class path and the property (see the class comment).
     *
     * @param property the value of {@value #EXTENSION_PROPERTY}, or null when unset
     * @param onClassPath whether a build's library is on the class path
     * @return the build, or empty if none of the candidates is on the class path
     */
    static Optional<NativeBuild> predict(String property, Predicate<NativeBuild> onClassPath) {
        List<NativeBuild> order = new ArrayList<>();
        if (property == null) {
            UNSET_PROPERTY_ORDER.forEach(e -> order.add(new NativeBuild(e)));
        } else if (!property.isEmpty()) {
            order.add(new NativeBuild(property));
        }
        order.add(PLAIN);
        return order.stream().filter(onClassPath).findFirst();
    }

    /**
     * The first build of {@link #FALLBACK_ORDER} that is on the class path and runs on the CPU.
     *
     * @param cpu the CPU
     * @param onClassPath whether a build's library is on the class path
     * @return the build, or empty if none qualifies
     */
    static Optional<NativeBuild> safeFallback(CpuInfo cpu, Predicate<NativeBuild> onClassPath) {
        return FALLBACK_ORDER.stream().filter(onClassPath).filter(b -> cpu.has(b.requiredFlags())).findFirst();
    }

    /**
     * The build a loaded library belongs to, from its path.
     *
     * @param libraryPath the path of the loaded {@code libnd4jcpu}, as JavaCPP reports it
     * @param platform JavaCPP's platform
     * @return the build, or empty if the path does not contain {@code bindings/<platform>...}
     */
    static Optional<NativeBuild> fromLoadedPath(String libraryPath, String platform) {
        if (libraryPath == null) {
            return Optional.empty();
        }
        String marker = "bindings/" + platform;
        int at = libraryPath.replace('\\', '/').lastIndexOf(marker);
        if (at < 0) {
            return Optional.empty();
        }
        String rest = libraryPath.replace('\\', '/').substring(at + marker.length());
        int slash = rest.indexOf('/');
        return Optional.of(new NativeBuild(slash < 0 ? rest : rest.substring(0, slash)));
    }
}

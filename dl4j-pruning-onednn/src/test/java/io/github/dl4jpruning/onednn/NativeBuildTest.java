package io.github.dl4jpruning.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Optional;
import java.util.Set;
import java.util.function.Predicate;
import org.junit.jupiter.api.Test;

/**
 * {@link NativeBuild}: the prediction of JavaCPP's choice (golden values from runs of JavaCPP 1.5.7 with each
 * combination of the plain, -onednn-avx2 and -onednn-avx512 nd4j-native jars on one class path, property unset, set
 * to a build, set to a build that is absent, and set empty), the CPU fallback, and names and resources.
 */
class NativeBuildTest {

    private static final NativeBuild AVX2 = new NativeBuild("-onednn-avx2");
    private static final NativeBuild AVX512 = new NativeBuild("-onednn-avx512");
    private static final CpuInfo NO_AVX2 = new CpuInfo("old", Set.of("sse2", "avx"), true);
    private static final CpuInfo AVX2_ONLY = new CpuInfo("zen", Set.of("avx", "avx2", "fma"), true);

    @Test
    void withThePropertyUnsetAOneDnnBuildBesideThePlainOneWins() {
        assertEquals(Optional.of(AVX2), NativeBuild.predict(null, present(NativeBuild.PLAIN, AVX2)));
        assertEquals(Optional.of(AVX512), NativeBuild.predict(null, present(NativeBuild.PLAIN, AVX512)));
        assertEquals(Optional.of(AVX2), NativeBuild.predict(null, present(AVX512, AVX2)), "reverse of the preset order");
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeBuild.predict(null, present(NativeBuild.PLAIN)));
        assertEquals(Optional.empty(), NativeBuild.predict(null, present()));
    }

    @Test
    void thePropertyPicksABuildOrFallsBackToThePlainOne() {
        Predicate<NativeBuild> all = present(NativeBuild.PLAIN, AVX2, AVX512);
        assertEquals(Optional.of(AVX512), NativeBuild.predict("-onednn-avx512", all));
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeBuild.predict("", all));
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeBuild.predict("-nonexistent", all));
        assertEquals(Optional.empty(), NativeBuild.predict("", present(AVX2)));
    }

    @Test
    void fallbackPicksTheBestBuildTheCpuRuns() {
        Predicate<NativeBuild> all = present(NativeBuild.PLAIN, AVX2, AVX512);
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeBuild.safeFallback(NO_AVX2, all));
        assertEquals(Optional.of(AVX2), NativeBuild.safeFallback(AVX2_ONLY, all));
        assertEquals(Optional.empty(), NativeBuild.safeFallback(NO_AVX2, present(AVX2, AVX512)));
    }

    @Test
    void requirementsNamesAndResources() {
        assertEquals(CpuInfo.AVX2_FLAGS, AVX2.requiredFlags());
        assertEquals(CpuInfo.AVX512_FLAGS, AVX512.requiredFlags());
        assertEquals(Set.of(), NativeBuild.PLAIN.requiredFlags());
        assertTrue(AVX2.oneDnn());
        assertFalse(new NativeBuild("-avx2").oneDnn());
        assertEquals("linux-x86_64-onednn-avx2", AVX2.classifier("linux-x86_64"));
        assertEquals("org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/libnd4jcpu.so",
                AVX2.libraryResource("linux-x86_64"));
    }

    @Test
    void buildOfALoadedLibrary() {
        assertEquals(Optional.of(AVX2), NativeBuild.fromLoadedPath("/root/.javacpp/cache/nd4j-native-1.0.0-M2.1-"
                + "linux-x86_64-onednn-avx2.jar/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64-onednn-avx2/"
                + "libnd4jcpu.so", "linux-x86_64"));
        assertEquals(Optional.of(NativeBuild.PLAIN), NativeBuild.fromLoadedPath("/c/nd4j-native-1.0.0-M2.1-"
                + "linux-x86_64.jar/org/nd4j/linalg/cpu/nativecpu/bindings/linux-x86_64/libnd4jcpu.so", "linux-x86_64"));
        assertEquals(Optional.empty(), NativeBuild.fromLoadedPath("/usr/lib/libnd4jcpu.so", "linux-x86_64"));
        assertEquals(Optional.empty(), NativeBuild.fromLoadedPath(null, "linux-x86_64"));
    }

    @Test
    void theTestClassPathHoldsExactlyOneNativeBuild() {
        ClassLoader loader = getClass().getClassLoader();
        long builds = java.util.stream.Stream.concat(java.util.stream.Stream.of(NativeBuild.PLAIN),
                        NativeBuild.UNSET_PROPERTY_ORDER.stream().map(NativeBuild::new))
                .filter(b -> loader.getResource(b.libraryResource("linux-x86_64")) != null).count();
        assertEquals(1, builds, "one nd4j-native classifier on this module's test class path");
    }

    private static Predicate<NativeBuild> present(NativeBuild... builds) {
        Set<NativeBuild> set = Set.of(builds);
        return set::contains;
    }
}

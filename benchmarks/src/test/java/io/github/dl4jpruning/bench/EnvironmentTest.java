package io.github.dl4jpruning.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.dl4jpruning.onednn.OneDnn;
import org.junit.jupiter.api.Test;

/** {@link Environment} and {@link ThreadSettings} on the CPU backend the tests run with. */
class EnvironmentTest {

    @Test
    void backendNamesMapToCpuAndCuda() {
        assertEquals("CPU", Environment.backendName("CpuBackend"));
        assertEquals("CUDA", Environment.backendName("JCublasBackend"));
        assertEquals("CUDA", Environment.backendName("CudaBackend"));
        assertEquals("AuroraBackend", Environment.backendName("AuroraBackend"));
    }

    @Test
    void threadSettingsTakeEffectAndAreRecorded() {
        ThreadSettings s = ThreadSettings.apply(1);
        assertTrue(s.matchesRequest(), s.toString());
        Environment env = Environment.capture(OneDnn.enable(), s);
        assertEquals("CPU", env.backend());
        assertEquals(1, env.threads());
        assertEquals("1.0.0-M2.1", env.dl4j());
        assertEquals(System.getProperty("java.version"), env.java());
        assertFalse(env.os().isBlank());
        assertEquals(ImpCommandTest.NATIVE_BUILD, env.nativeBuild());
        assertTrue(env.oneDnn());
    }

    @Test
    void fewerThanOneThreadIsRejected() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> ThreadSettings.apply(0));
        assertTrue(e.getMessage().startsWith("threads (0) must be >= 1"), e.getMessage());
    }
}

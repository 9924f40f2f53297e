package io.github.dl4jpruning.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link CpuInfo}: {@code /proc/cpuinfo} parsing and the AVX2 / AVX-512 checks. */
class CpuInfoTest {

    @TempDir
    Path dir;

    @Test
    void readsTheFirstProcessorsModelAndFlags() throws IOException {
        CpuInfo cpu = CpuInfo.read(write("processor\t: 0\nmodel name\t: Old CPU @ 2.0GHz\n"
                + "flags\t\t: fpu sse sse2 ssse3 sse4_1 sse4_2 avx\n\nprocessor\t: 1\nmodel name\t: Other\n"
                + "flags\t\t: avx2 fma\n"));
        assertTrue(cpu.known());
        assertEquals("Old CPU @ 2.0GHz", cpu.model());
        assertFalse(cpu.has(CpuInfo.AVX2_FLAGS));
        assertFalse(cpu.has(CpuInfo.AVX512_FLAGS));
        assertEquals("Old CPU @ 2.0GHz (no AVX2, no AVX-512)", cpu.describe());
    }

    @Test
    void avx2WithoutAvx512() throws IOException {
        CpuInfo cpu = CpuInfo.read(write("model name : Zen\nflags : sse2 avx avx2 fma bmi2\n"));
        assertTrue(cpu.has(CpuInfo.AVX2_FLAGS));
        assertFalse(cpu.has(CpuInfo.AVX512_FLAGS));
        assertEquals("Zen (AVX2, no AVX-512)", cpu.describe());
    }

    @Test
    void avx512NeedsTheSkylakeSubset() throws IOException {
        assertFalse(CpuInfo.read(write("model name : Phi\nflags : avx2 fma avx512f avx512cd\n")).has(CpuInfo.AVX512_FLAGS),
                "F and CD alone (Knights Landing) are not what the -avx512 build targets");
        CpuInfo skx = CpuInfo.read(write("model name : Xeon\nflags : avx2 fma avx512f avx512cd avx512bw avx512dq "
                + "avx512vl\n"));
        assertTrue(skx.has(CpuInfo.AVX512_FLAGS));
        assertEquals("Xeon (AVX2, AVX-512)", skx.describe());
    }

    @Test
    void unreadableOrFlaglessFilesGiveAnUnknownCpuThatHasEverything() throws IOException {
        CpuInfo missing = CpuInfo.read(dir.resolve("absent"));
        assertFalse(missing.known());
        assertTrue(missing.has(CpuInfo.AVX512_FLAGS), "unknown CPUs are left to ND4J's own check");
        assertEquals("unknown (instruction sets unknown)", missing.describe());
        assertFalse(CpuInfo.read(write("model name : ARM thing\n")).known());
    }

    @Test
    void thisMachine() {
        CpuInfo cpu = CpuInfo.read();
        System.out.println("this CPU: " + cpu.describe());
        assertTrue(cpu.known(), "the tests run on Linux x86-64");
    }

    private Path write(String text) throws IOException {
        Path p = dir.resolve("cpuinfo" + System.nanoTime());
        Files.writeString(p, text);
        return p;
    }
}

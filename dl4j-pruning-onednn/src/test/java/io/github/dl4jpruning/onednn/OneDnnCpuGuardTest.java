package io.github.dl4jpruning.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * {@link OneDnn#enable()} in a fresh JVM (it must run before JavaCPP initialises), once on this machine's CPU and once
 * on a CPU without AVX2 as {@code /proc/cpuinfo} of {@code qemu -cpu Nehalem} would show it ({@code CpuInfo}'s
 * {@code dl4jpruning.onednn.cpuinfo} override). This module's test class path holds only the {@code -onednn-avx2}
 * build, which kills the JVM with SIGILL on such a CPU (seen under {@code qemu-x86_64 -cpu Nehalem}): enable() must
 * leave ND4J unloaded and say why. (With the plain build beside it, enable() switches JavaCPP to the plain build;
 * that was checked under qemu, see docs/FINDINGS.md.)
 */
class OneDnnCpuGuardTest {

    @Test
    void engagesInAFreshJvmOnThisCpu() throws Exception {
        List<String> out = runProbe(List.of());
        assertTrue(out.contains("engaged=true"), out.toString());
        assertTrue(out.contains("nd4jcpuLoaded=true"), out.toString());
    }

    @Test
    void withoutAvx2TheOneDnnBuildIsNeverLoaded() throws Exception {
        Path cpuinfo = Path.of(getClass().getClassLoader().getResource("cpuinfo-nehalem").toURI());
        List<String> out = runProbe(List.of("-D" + CpuInfo.CPUINFO_PROPERTY + "=" + cpuinfo));
        assertTrue(out.contains("engaged=false"), out.toString());
        assertTrue(out.contains("nativeBuild=" + OneDnn.NOT_LOADED), out.toString());
        assertTrue(out.contains("nd4jcpuLoaded=false"), out.toString());
        String missing = out.stream().filter(l -> l.startsWith("missing=")).findFirst().orElseThrow();
        assertTrue(missing.contains("has no AVX2, which the native build linux-x86_64-onednn-avx2 needs"), missing);
        assertTrue(missing.contains("depend on the plain linux-x86_64 classifier"), missing);
    }

    private static List<String> runProbe(List<String> jvmArgs) throws IOException, InterruptedException,
            URISyntaxException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        cmd.add("-Xmx1g");
        cmd.addAll(jvmArgs);
        cmd.add("-cp");
        cmd.add(System.getProperty("java.class.path"));
        cmd.add(GuardProbe.class.getName());
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        byte[] bytes = p.getInputStream().readAllBytes();
        assertTrue(p.waitFor(5, TimeUnit.MINUTES), "probe JVM finished");
        String text = new String(bytes, StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), text);
        return text.lines().toList();
    }
}

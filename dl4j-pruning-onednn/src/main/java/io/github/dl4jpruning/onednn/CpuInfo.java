package io.github.dl4jpruning.onednn;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * The CPU's model name and instruction-set flags, read from {@code /proc/cpuinfo} (Linux), so that a native build
 * the CPU cannot run is never loaded: the {@code -onednn-avx2} build kills the JVM with SIGILL while it loads on a CPU
 * without AVX2 (checked under {@code qemu-x86_64 -cpu Nehalem}), before ND4J's own check ("CPU Feature Check Failed",
 * {@code System.exit(1)} in {@code CpuNDArrayFactory}) can run.
 *
 * @param model the model name ({@code "unknown"} when it cannot be read)
 * @param flags the lower-case flags of the first processor; empty when unknown
 * @param known whether {@code /proc/cpuinfo} was read; when false every instruction set counts as present (the
 *        decision is then left to ND4J's own check)
 */
record CpuInfo(String model, Set<String> flags, boolean known) {

    /** What the {@code -avx2} builds need (libnd4j's AVX2 level also uses FMA). */
    static final Set<String> AVX2_FLAGS = Set.of("avx2", "fma");

    /** What the {@code -avx512} builds need: the Skylake-SP subset of AVX-512 (F, CD, BW, DQ, VL). */
    static final Set<String> AVX512_FLAGS = Set.of("avx512f", "avx512cd", "avx512bw", "avx512dq", "avx512vl");

    CpuInfo {
        flags = Set.copyOf(flags);
    }

    /**
     * System property naming a file to read instead of {@code /proc/cpuinfo}: for emulators whose
     * {@code /proc/cpuinfo} shows the host's CPU rather than the emulated one (qemu-user), and for tests.
     */
    static final String CPUINFO_PROPERTY = "dl4jpruning.onednn.cpuinfo";

    /**
     * Reads {@code /proc/cpuinfo}, or the file named by {@value #CPUINFO_PROPERTY}.
     *
     * @return the CPU, or an unknown one ({@link #known()} false) off Linux or when the file cannot be read
     */
    static CpuInfo read() {
        return read(Path.of(System.getProperty(CPUINFO_PROPERTY, "/proc/cpuinfo")));
    }

    /**
     * Reads a file in the format of {@code /proc/cpuinfo} (the first {@code model name} and {@code flags} lines).
     *
     * @param cpuinfo the file
     * @return the CPU, or an unknown one when the file cannot be read or has no {@code flags} line
     */
    static CpuInfo read(Path cpuinfo) {
        String model = "unknown";
        Set<String> flags = new TreeSet<>();
        try {
            for (String line : Files.readAllLines(cpuinfo)) {
                int colon = line.indexOf(':');
                if (colon < 0) {
                    continue;
                }
                String key = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if ("model name".equals(key) && "unknown".equals(model)) {
                    model = value;
                } else if ("flags".equals(key) && flags.isEmpty()) {
                    flags.addAll(Arrays.asList(value.toLowerCase(Locale.ROOT).split("\\s+")));
                }
            }
        } catch (IOException | RuntimeException e) {
            return new CpuInfo(model, Set.of(), false);
        }
        return new CpuInfo(model, flags, !flags.isEmpty());
    }

    /**
     * Whether the CPU has every flag of {@code required} (always true for an unknown CPU).
     *
     * @param required lower-case flag names
     * @return true if all are present, or the CPU is unknown
     */
    boolean has(Set<String> required) {
        return !known || flags.containsAll(required);
    }

    /**
     * The vector extensions that matter for ND4J's builds, for messages.
     *
     * @return e.g. {@code "Intel(R) Xeon(R) ... (AVX2, AVX-512)"} or {@code "... (no AVX2)"}
     */
    String describe() {
        if (!known) {
            return model + " (instruction sets unknown)";
        }
        String isa = has(AVX512_FLAGS) ? "AVX2, AVX-512" : has(AVX2_FLAGS) ? "AVX2, no AVX-512" : "no AVX2, no AVX-512";
        return model + " (" + isa + ")";
    }
}

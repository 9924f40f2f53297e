package io.github.dl4jpruning.onednn;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link OneDnnStatus}: the one-line summaries and an immutable list of what is missing. */
class OneDnnStatusTest {

    @Test
    void summaryOfAnEngagedStatus() {
        OneDnnStatus s = new OneDnnStatus(true, "linux-x86_64-onednn-avx2", true, true, "Xeon (AVX2, AVX-512)", List.of());
        assertEquals("oneDNN convolutions engaged: ConvolutionLayer runs through DL4J's MKLDNNConvHelper (native "
                + "linux-x86_64-onednn-avx2, CPU Xeon (AVX2, AVX-512))", s.summary());
    }

    @Test
    void summaryNamesWhatIsMissing() {
        OneDnnStatus s = new OneDnnStatus(false, "linux-x86_64", false, false, "Xeon (AVX2, AVX-512)",
                List.of("no oneDNN in linux-x86_64", "helpers off"));
        assertEquals("oneDNN convolutions NOT engaged, convolutions run as im2col + GEMM (native linux-x86_64, CPU "
                + "Xeon (AVX2, AVX-512)): no oneDNN in linux-x86_64; helpers off", s.summary());
    }

    @Test
    void missingIsCopied() {
        List<String> missing = new ArrayList<>(List.of("a"));
        OneDnnStatus s = new OneDnnStatus(false, "x", false, false, "cpu", missing);
        missing.add("b");
        assertEquals(List.of("a"), s.missing());
        assertThrows(UnsupportedOperationException.class, () -> s.missing().add("c"));
    }
}

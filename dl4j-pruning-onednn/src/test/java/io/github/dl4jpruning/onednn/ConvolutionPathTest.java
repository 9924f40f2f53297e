package io.github.dl4jpruning.onednn;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** {@link ConvolutionPath#oneDnn()}: the oneDNN helper without failures, and nothing else. */
class ConvolutionPathTest {

    @Test
    void oneDnnOnlyForMkldnnConvHelperWithoutFailures() {
        assertTrue(new ConvolutionPath("layer0", "ConvolutionLayer", "MKLDNNConvHelper", 0).oneDnn());
        assertTrue(new ConvolutionPath("layer0", "ConvolutionLayer", "MKLDNNConvHelper", -1).oneDnn(),
                "an unreadable failure count does not hide the helper");
        assertFalse(new ConvolutionPath("layer0", "ConvolutionLayer", "MKLDNNConvHelper", 1).oneDnn(),
                "after one failure DL4J uses the built-in path");
        assertFalse(new ConvolutionPath("layer0", "ConvolutionLayer", null, 0).oneDnn());
        assertFalse(new ConvolutionPath("layer0", "ConvolutionLayer", "CudnnConvolutionHelper", 0).oneDnn());
    }
}

package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

class NpyTest {

    @ParameterizedTest
    @EnumSource(value = DataType.class, names = {"HALF", "FLOAT", "DOUBLE"})
    void roundTripsTheArraysNd4jWrites(DataType type) {
        for (INDArray a : new INDArray[] {Nd4j.rand(type, 7), Nd4j.rand(type, 1, 9), Nd4j.rand(type, 3, 4)}) {
            INDArray back = Npy.read(Npy.write(a), "w");
            assertEquals(a, back);
            assertEquals(type, back.dataType());
        }
    }

    private static String refusal(byte[] npy) {
        return assertThrows(IllegalArgumentException.class, () -> Npy.read(npy, "f: entry m")).getMessage();
    }

    /** The .npy bytes with the header text edited (same length: padding absorbs the difference). */
    private static byte[] header(byte[] npy, String from, String to) {
        int length = (npy[8] & 0xFF) | (npy[9] & 0xFF) << 8;
        String h = new String(npy, 10, length, StandardCharsets.ISO_8859_1);
        String e = h.replace(from, to);
        e = e.length() > h.length() ? e.replaceFirst(" {" + (e.length() - h.length()) + "}\n$", "\n")
                : e.replace("\n", " ".repeat(h.length() - e.length()) + "\n");
        assertEquals(h.length(), e.length());
        byte[] out = npy.clone();
        System.arraycopy(e.getBytes(StandardCharsets.ISO_8859_1), 0, out, 10, length);
        return out;
    }

    @Test
    void refusesWhatNd4jWouldReadPastTheEndOfItsBufferOrMisread() {
        byte[] npy = Npy.write(Nd4j.createFromArray(1f, -0f, 2.5f));
        // ND4J's own reader returns garbage for this one (it reads past the data it was given)
        assertTrue(refusal(Arrays.copyOf(npy, npy.length - 4)).contains("NumPy shape (3,) of 3 values of 4 bytes must "
                + "match the 8 data bytes that follow the header"));
        assertTrue(refusal(Arrays.copyOf(npy, npy.length + 4)).contains("must match the 16 data bytes"));
        assertTrue(refusal(Arrays.copyOf(npy, 9)).contains("must be a NumPy .npy array"));
        assertTrue(refusal("not an array".getBytes(StandardCharsets.US_ASCII)).contains("must be a NumPy .npy array"));
        assertTrue(refusal(header(npy, "'<f4'", "'>f4'")).contains("must describe a little-endian float array"));
        assertTrue(refusal(header(npy, "False", "True")).contains("must describe a little-endian float array"));
        assertTrue(refusal(header(npy, "'<f4'", "'|O'")).contains("must describe a little-endian float array"));
        assertTrue(refusal(header(npy, "(3,)", "(99999999999999999999,)")).contains("must describe"));
        assertTrue(refusal(header(npy, "(3,)", "(65536, 65536)")).contains("NumPy shape (65536, 65536) must hold at "
                + "most 2147483647 values"));
        byte[] longHeader = npy.clone();
        longHeader[8] = (byte) 0xFF;
        longHeader[9] = (byte) 0xFF;
        assertTrue(refusal(longHeader).contains("NumPy header length (65535) must fit the"));
    }
}

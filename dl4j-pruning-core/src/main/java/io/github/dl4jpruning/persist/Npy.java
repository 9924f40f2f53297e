package io.github.dl4jpruning.persist;

import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The NumPy {@code .npy} arrays of the pruning entries: written by {@code Nd4j.toNpyByteArray}, read by
 * {@code Nd4j.createNpyFromByteArray} only after the header has been checked here, in Java, against the data that
 * follows it (ND4J's native reader trusts the header: a truncated array reads past the end of its buffer).
 *
 * <p>Accepted: version 1.0, a header {@code {'descr': '<f2'|'<f4'|'<f8', 'fortran_order': False, 'shape': (...), }}
 * padded with spaces and ending in a newline, and exactly {@code product(shape) · itemsize} bytes of data.
 */
final class Npy {

    private static final byte[] MAGIC = {(byte) 0x93, 'N', 'U', 'M', 'P', 'Y', 1, 0};
    private static final Pattern HEADER = Pattern.compile(
            "\\{'descr': '<f([248])', 'fortran_order': False, 'shape': \\(((?:\\d{1,19}, )*\\d{1,19},?)?\\), \\} *\n");

    private Npy() {
    }

    /**
     * Encodes an array.
     *
     * @param a the array
     * @return the {@code .npy} bytes
     */
    static byte[] write(INDArray a) {
        return Nd4j.toNpyByteArray(a);
    }

    /**
     * Decodes an array after checking its header and length.
     *
     * @param data the {@code .npy} bytes
     * @param where names the file and entry, for messages
     * @return the array (float16, float32 or float64, the shape of the header)
     * @throws IllegalArgumentException if the bytes are not such an array
     */
    static INDArray read(byte[] data, String where) {
        int headerLength = MAGIC.length + 2;
        for (int i = 0; i < MAGIC.length; i++) {
            if (data.length < headerLength || data[i] != MAGIC[i]) {
                throw new IllegalArgumentException(where + " must be a NumPy .npy array (version 1.0, magic \\x93NUMPY): "
                        + "it is not");
            }
        }
        int dictLength = (data[MAGIC.length] & 0xFF) | ((data[MAGIC.length + 1] & 0xFF) << 8);
        if (headerLength + dictLength > data.length) {
            throw new IllegalArgumentException(where + ": NumPy header length (" + dictLength + ") must fit the "
                    + data.length + "-byte entry: the entry is truncated");
        }
        String dict = new String(data, headerLength, dictLength, StandardCharsets.ISO_8859_1);
        Matcher m = HEADER.matcher(dict);
        if (!m.matches()) {
            throw new IllegalArgumentException(where + ": NumPy header (" + dict.strip() + ") must describe a "
                    + "little-endian float array in C order ('<f2', '<f4' or '<f8', fortran_order False)");
        }
        int itemSize = Integer.parseInt(m.group(1));
        long count = 1;
        if (m.group(2) != null) {
            for (String d : m.group(2).split(",")) {
                if (d.isBlank()) {
                    continue;
                }
                long dim;
                try {
                    dim = Long.parseLong(d.strip());
                } catch (NumberFormatException e) {
                    dim = -1;
                }
                if (dim < 0 || (dim > 0 && count > Integer.MAX_VALUE / dim)) {
                    throw new IllegalArgumentException(where + ": NumPy shape (" + m.group(2) + ") must hold at most "
                            + Integer.MAX_VALUE + " values");
                }
                count *= dim;
            }
        }
        long dataLength = (long) data.length - headerLength - dictLength;
        if (count == 0 || count * itemSize != dataLength) {
            throw new IllegalArgumentException(where + ": NumPy shape (" + m.group(2) + ") of " + count + " values of "
                    + itemSize + " bytes must match the " + dataLength + " data bytes that follow the header: the "
                    + "entry is truncated or padded");
        }
        return Nd4j.createNpyFromByteArray(data);
    }
}

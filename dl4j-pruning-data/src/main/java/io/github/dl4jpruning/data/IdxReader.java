package io.github.dl4jpruning.data;

import static io.github.dl4jpruning.data.FashionMnist.CLASSES;
import static io.github.dl4jpruning.data.FashionMnist.COLUMNS;
import static io.github.dl4jpruning.data.FashionMnist.IMAGE_MAGIC;
import static io.github.dl4jpruning.data.FashionMnist.LABEL_MAGIC;
import static io.github.dl4jpruning.data.FashionMnist.PIXELS;
import static io.github.dl4jpruning.data.FashionMnist.ROWS;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads one split (images and labels) of Fashion-MNIST from its two gzip IDX files, checking headers, counts,
 * label range and the gzip trailer, and refusing with a message that names the file and what to do.
 */
final class IdxReader {

    static final String REINSTALL_HINT = "re-download the file or re-install dataset-fashion-mnist";

    private static final int IMAGE_HEADER_BYTES = 16;

    private static final int LABEL_HEADER_BYTES = 8;

    private static final int BUFFER_BYTES = 1 << 16;

    private IdxReader() {
    }

    /**
     * The bytes of one split.
     *
     * @param images the pixels, {@code count * 784} unsigned bytes
     * @param labels the labels, one byte each, in 0..9
     * @param count the number of examples read
     */
    record RawSplit(byte[] images, byte[] labels, int count) {
    }

    static RawSplit readSplit(Path imagesFile, Path labelsFile, int max) {
        requireFile(imagesFile);
        requireFile(labelsFile);
        IdxContent images = readIdx(imagesFile, IMAGE_MAGIC, max);
        IdxContent labels = readIdx(labelsFile, LABEL_MAGIC, max);
        if (labels.declaredCount != images.declaredCount) {
            throw new DatasetFormatException(labelsFile, "label count (" + labels.declaredCount
                    + ") must equal the image count (" + images.declaredCount + ") declared by " + imagesFile
                    + "; both files must come from the same split of the same release, " + REINSTALL_HINT);
        }
        byte[] labelBytes = labels.data;
        for (int i = 0; i < labelBytes.length; i++) {
            if (labelBytes[i] < 0 || labelBytes[i] >= CLASSES) {
                throw new DatasetFormatException(labelsFile, "label of example " + i + " ("
                        + Byte.toUnsignedInt(labelBytes[i]) + ") must be in 0.." + (CLASSES - 1) + "; "
                        + REINSTALL_HINT);
            }
        }
        return new RawSplit(images.data, labelBytes, labelBytes.length);
    }

    private static void requireFile(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Fashion-MNIST file (" + file.toAbsolutePath()
                    + ") must exist and be a regular file; " + FashionMnist.INSTALL_HINT);
        }
    }

    /**
     * Reads the header and the first {@code max} items of one gzip IDX file.
     *
     * @param file the file
     * @param magic the IDX magic number the file must start with: {@link FashionMnist#IMAGE_MAGIC} or {@link FashionMnist#LABEL_MAGIC}
     * @param max the most items to read
     * @return the declared item count and the bytes of the items read
     */
    private static IdxContent readIdx(Path file, int magic, int max) {
        boolean images = magic == IMAGE_MAGIC;
        String what = images ? "images" : "labels";
        int itemBytes = images ? PIXELS : 1;
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(
                        new BufferedInputStream(new GZIPInputStream(raw, BUFFER_BYTES), BUFFER_BYTES))) {
            int headerBytes = images ? IMAGE_HEADER_BYTES : LABEL_HEADER_BYTES;
            byte[] headerData = in.readNBytes(headerBytes);
            if (headerData.length < headerBytes) {
                throw new DatasetFormatException(file, "is truncated: expected a " + headerBytes
                        + "-byte IDX header, found only " + headerData.length + " bytes; " + REINSTALL_HINT);
            }
            ByteBuffer header = ByteBuffer.wrap(headerData);
            int foundMagic = header.getInt();
            if (foundMagic != magic) {
                throw new DatasetFormatException(file, "IDX magic number (" + foundMagic + ") must be " + magic
                        + " (unsigned-byte " + what + "); the file is not a Fashion-MNIST " + what
                        + " file, check the file name or " + REINSTALL_HINT);
            }
            int declared = header.getInt();
            if (declared < 1) {
                throw new DatasetFormatException(file, "declared " + what + " count (" + declared
                        + ") must be >= 1; " + REINSTALL_HINT);
            }
            if (images) {
                int rows = header.getInt();
                int columns = header.getInt();
                if (rows != ROWS || columns != COLUMNS) {
                    throw new DatasetFormatException(file, "image size (" + rows + "x" + columns + ") must be "
                            + ROWS + "x" + COLUMNS + "; the file is not Fashion-MNIST, " + REINSTALL_HINT);
                }
            }
            int count = Math.min(declared, max);
            long expected = (long) count * itemBytes;
            if (expected > Integer.MAX_VALUE - 8) {
                throw new DatasetFormatException(file, "declared " + what + " count (" + declared + ") must be "
                        + "at most " + (Integer.MAX_VALUE - 8) / itemBytes + " to fit in memory; "
                        + "pass a smaller maximum or " + REINSTALL_HINT);
            }
            byte[] data = readUpTo(in, (int) expected);
            int read = data.length;
            if (read < expected) {
                throw new DatasetFormatException(file, "is truncated: expected " + expected + " bytes of "
                        + what + " data (" + count + " of the " + declared + " declared " + what + ") after the "
                        + headerBytes + "-byte header, found only " + read + " bytes; " + REINSTALL_HINT);
            }
            if (count == declared && in.read() != -1) {
                // reading to the end also verifies the gzip trailer (CRC-32 and length)
                throw new DatasetFormatException(file, "has bytes after the " + declared + " " + what
                        + " its header declares; the header must match the data, " + REINSTALL_HINT);
            }
            return new IdxContent(declared, data);
        } catch (ZipException e) {
            throw new DatasetFormatException(file, "is not a valid gzip file (" + describe(e)
                    + "); the Fashion-MNIST files must be gzip-compressed IDX files, " + REINSTALL_HINT, e);
        } catch (EOFException e) {
            throw new DatasetFormatException(file, "is truncated: the gzip stream ends early ("
                    + describe(e) + "); " + REINSTALL_HINT, e);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file.toAbsolutePath() + " failed: " + e.getMessage(), e);
        }
    }

    /**
     * Reads up to {@code length} bytes, growing the buffer as data arrives: memory follows what the file holds,
     * not what its header claims (a 100-byte file declaring 2,000,000 images must not allocate 1.5 GB).
     *
     * @return the bytes read; shorter than {@code length} only if the stream ended first
     */
    private static byte[] readUpTo(InputStream in, int length) throws IOException {
        byte[] data = new byte[Math.min(length, BUFFER_BYTES)];
        int read = 0;
        while (true) {
            int n = in.readNBytes(data, read, data.length - read);
            read += n;
            if (read < data.length || data.length == length) {
                return read == data.length ? data : Arrays.copyOf(data, read);
            }
            data = Arrays.copyOf(data, (int) Math.min(length, 2L * data.length));
        }
    }

    private static String describe(IOException e) {
        return e.getMessage() != null ? e.getMessage() : e.getClass().getSimpleName();
    }

    /** Header count and the items read from one IDX file. */
    private record IdxContent(int declaredCount, byte[] data) {
    }
}

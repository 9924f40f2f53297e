package io.github.dl4jpruning.persist;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;

/**
 * A zip file read once into memory and checked before anything interprets it: every entry is read the way DL4J's
 * {@code ModelSerializer} reads it (a {@code ZipInputStream} over the local headers, CRC checked) and must agree with
 * the central directory that {@code java.util.zip.ZipFile} reads (same entries in the same order, same sizes and
 * CRCs), so both readers see one content; a truncated or corrupted zip is refused here with its path. Refused too:
 * directory entries, duplicate names, a local header that declares a size its data does not have (DL4J allocates the
 * declared size), and {@value #PREPROCESSOR_BIN} (DL4J's loaders deserialize it with {@code ObjectInputStream}).
 * Every later step reads these bytes, never the file again.
 */
final class ModelZip {

    /** The DL4J entry that {@code ModelSerializer.restore*} reads with Java deserialization. */
    static final String PREPROCESSOR_BIN = "preprocessor.bin";

    /** Largest file read: a Java array. */
    static final long MAX_BYTES = Integer.MAX_VALUE - 8;

    private static final int LOC_SIG = 0x04034b50;
    private static final int CEN_SIG = 0x02014b50;
    private static final int END_SIG = 0x06054b50;

    private final Path file;
    private final byte[] bytes;
    private final Map<String, byte[]> entries;

    private ModelZip(Path file, byte[] bytes, Map<String, byte[]> entries) {
        this.file = file;
        this.bytes = bytes;
        this.entries = Collections.unmodifiableMap(entries);
    }

    /**
     * Reads and checks a zip file.
     *
     * @param path the file
     * @param kind what the file should be, for messages ("model zip", "sparse export")
     * @return the checked content
     * @throws IOException if the file cannot be read
     * @throws IllegalArgumentException if the file is missing, a directory, empty, too large or not a sound zip
     */
    static ModelZip read(Path path, String kind) throws IOException {
        Path file = path.toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("file (" + file + ") must be an existing " + kind + ", but it is a "
                    + "directory: give the path of the file");
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("file (" + file + ") must be an existing " + kind);
        }
        long size = Files.size(file);
        if (size == 0 || size > MAX_BYTES) {
            throw new IllegalArgumentException(file + ": size (" + size + " bytes) must be in [1, " + MAX_BYTES
                    + "] for a " + kind + (size == 0 ? ": the file is empty" : ""));
        }
        byte[] bytes = Files.readAllBytes(file);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        List<long[]> local = new ArrayList<>();     // per entry: crc, size, compressed size
        String refused = null;
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(bytes))) {
            for (ZipEntry e; refused == null && (e = zip.getNextEntry()) != null; ) {
                String where = file + ": entry " + e.getName();
                long declared = e.getSize();
                if (e.isDirectory()) {
                    refused = where + " must be a file: a " + kind + " holds no directories";
                } else if (entries.containsKey(e.getName())) {
                    refused = where + " must appear once: the zip holds it twice";
                } else {
                    byte[] data = readAll(zip);
                    if (declared >= 0 && declared != data.length) {
                        refused = where + ": declared size (" + declared + " bytes) must equal its data ("
                                + data.length + " bytes)";
                    }
                    entries.put(e.getName(), data);
                    local.add(new long[] {e.getCrc(), e.getSize(), e.getCompressedSize()});
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new IllegalArgumentException(file + ": not a readable zip (corrupted or truncated): " + e, e);
        }
        if (refused != null) {
            throw new IllegalArgumentException(refused);
        }
        if (entries.isEmpty()) {
            throw new IllegalArgumentException(file + ": not a zip file (no zip entry found): a " + kind
                    + " is a zip archive");
        }
        checkCentralDirectory(file, bytes, new ArrayList<>(entries.keySet()), local);
        if (entries.containsKey(PREPROCESSOR_BIN)) {
            throw new IllegalArgumentException(file + ": entry " + PREPROCESSOR_BIN + " must not be present: DL4J's "
                    + "ModelSerializer would deserialize it as a Java object (ObjectInputStream), which this library "
                    + "never allows; DL4J's writeModel never writes it: remove the entry");
        }
        return new ModelZip(file, bytes, entries);
    }

    private static byte[] readAll(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        for (int n; (n = in.read(buf)) > 0; ) {
            total += n;
            if (total > MAX_BYTES) {
                throw new ZipException("an entry inflates to more than " + MAX_BYTES + " bytes");
            }
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    /** The central directory must list the entries the local headers hold, in order, with the same CRC and sizes. */
    private static void checkCentralDirectory(Path file, byte[] bytes, List<String> names, List<long[]> local) {
        String corrupt = file + ": not a readable zip (corrupted or truncated): ";
        ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
        int end = -1;
        for (int i = bytes.length - 22; i >= Math.max(0, bytes.length - 22 - 0xFFFF); i--) {
            if (b.getInt(i) == END_SIG && i + 22 + Short.toUnsignedInt(b.getShort(i + 20)) == bytes.length) {
                end = i;
                break;
            }
        }
        if (end < 0) {
            throw new IllegalArgumentException(corrupt + "its end-of-central-directory record is missing");
        }
        int count = Short.toUnsignedInt(b.getShort(end + 10));
        long cdSize = Integer.toUnsignedLong(b.getInt(end + 12));
        long cdOffset = Integer.toUnsignedLong(b.getInt(end + 16));
        if (count != names.size() || cdOffset + cdSize != end) {
            throw new IllegalArgumentException(corrupt + "its central directory (" + count + " entries) must list the "
                    + names.size() + " entries the file holds, and end where the end record starts");
        }
        int at = (int) cdOffset;
        long previousLocal = -1;
        for (int i = 0; i < count; i++) {
            if (at + 46 > end || b.getInt(at) != CEN_SIG) {
                throw new IllegalArgumentException(corrupt + "central directory record " + i + " is damaged");
            }
            int nameLength = Short.toUnsignedInt(b.getShort(at + 28));
            int skip = nameLength + Short.toUnsignedInt(b.getShort(at + 30)) + Short.toUnsignedInt(b.getShort(at + 32));
            long localOffset = Integer.toUnsignedLong(b.getInt(at + 42));
            if (at + 46 + skip > end || localOffset <= previousLocal || localOffset + 30 > cdOffset
                    || b.getInt((int) localOffset) != LOC_SIG) {
                throw new IllegalArgumentException(corrupt + "central directory record " + i + " is damaged");
            }
            String name = new String(bytes, at + 46, nameLength, StandardCharsets.UTF_8);
            long[] l = local.get(i);
            if (!name.equals(names.get(i)) || Integer.toUnsignedLong(b.getInt(at + 16)) != l[0]
                    || Integer.toUnsignedLong(b.getInt(at + 24)) != l[1]
                    || Integer.toUnsignedLong(b.getInt(at + 20)) != l[2]) {
                throw new IllegalArgumentException(corrupt + "central directory record " + i + " (" + name + ") must "
                        + "describe local entry " + i + " (" + names.get(i) + ") with the same CRC and sizes");
            }
            previousLocal = localOffset;
            at += 46 + skip;
        }
    }

    /** @return the absolute path of the file */
    Path file() {
        return file;
    }

    /** @return a stream over the file's bytes, as read and checked (for DL4J's loader) */
    InputStream stream() {
        return new ByteArrayInputStream(bytes);
    }

    /** @return the entry names, in file order */
    List<String> names() {
        return List.copyOf(entries.keySet());
    }

    /**
     * The bytes of an entry.
     *
     * @param name the entry name
     * @return its bytes (not a copy: do not modify), or empty
     */
    Optional<byte[]> entry(String name) {
        return Optional.ofNullable(entries.get(name));
    }

    /**
     * The bytes of an entry that must be present.
     *
     * @param name the entry name
     * @param kind what the file should be, for the message
     * @return its bytes (not a copy: do not modify)
     * @throws IllegalArgumentException naming the file and the entry if it is missing
     */
    byte[] required(String name, String kind) {
        byte[] data = entries.get(name);
        if (data == null) {
            throw new IllegalArgumentException(file + ": entry " + name + " is missing: not a " + kind + " (entries "
                    + "found: " + names() + ")");
        }
        return data;
    }
}

package io.github.dl4jpruning.persist;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Reads the two values that format 1 of {@link PrunedModels} stored with Java serialization (DL4J's
 * {@code ModelSerializer.addObjectToFile}): a {@code String} and a {@code byte[]}, from their exact byte layout and
 * without {@code ObjectInputStream}, so no class is ever loaded or instantiated from a file. Anything else (another
 * class, a back-reference, trailing bytes, a length beyond the data) is refused.
 *
 * <ul>
 *   <li>String: {@code AC ED 00 05}, then {@code 74 <u2 length> <modified UTF-8>} or
 *       {@code 7C <u8 length> <modified UTF-8>} (strings over 65,535 bytes).</li>
 *   <li>byte[]: {@code AC ED 00 05 75 72 00 02 5B 42 AC F3 17 F8 06 08 54 E0 02 00 00 78 70}
 *       (array of the class {@code [B}, its serialVersionUID, flags, no fields, no annotation, no super class), then
 *       {@code <s4 length> <bytes>}.</li>
 * </ul>
 */
final class JavaSerialized {

    /** {@code STREAM_MAGIC} and {@code STREAM_VERSION} of the Java serialization protocol. */
    private static final byte[] HEADER = {(byte) 0xAC, (byte) 0xED, 0x00, 0x05};

    /** The class descriptor of {@code byte[]} as {@code ObjectOutputStream} writes it, after the header. */
    private static final byte[] BYTE_ARRAY = {0x75, 0x72, 0x00, 0x02, 0x5B, 0x42, (byte) 0xAC, (byte) 0xF3, 0x17,
        (byte) 0xF8, 0x06, 0x08, 0x54, (byte) 0xE0, 0x02, 0x00, 0x00, 0x78, 0x70};

    private static final byte TC_STRING = 0x74;
    private static final byte TC_LONGSTRING = 0x7C;
    private static final byte TC_OBJECT = 0x73;
    private static final byte TC_CLASSDESC = 0x72;

    private JavaSerialized() {
    }

    /**
     * Reads a serialized {@code String}.
     *
     * @param data the entry's bytes
     * @param where names the file and entry, for messages
     * @return the string
     * @throws IllegalArgumentException if {@code data} is not exactly one serialized String
     */
    static String string(byte[] data, String where) {
        ByteBuffer in = header(data, where, "a String");
        byte tag = in.get();
        long length;
        if (tag == TC_STRING && in.remaining() >= 2) {
            length = Short.toUnsignedInt(in.getShort());
        } else if (tag == TC_LONGSTRING && in.remaining() >= 8) {
            length = in.getLong();
        } else {
            throw refused(data, where, "a String");
        }
        if (length != in.remaining()) {
            throw new IllegalArgumentException(where + ": serialized String length (" + length + ") must equal the "
                    + in.remaining() + " bytes that follow it: the entry is truncated or has trailing bytes");
        }
        return modifiedUtf8(in, where);
    }

    /**
     * Reads a serialized {@code byte[]}.
     *
     * @param data the entry's bytes
     * @param where names the file and entry, for messages
     * @return the array
     * @throws IllegalArgumentException if {@code data} is not exactly one serialized byte[]
     */
    static byte[] bytes(byte[] data, String where) {
        ByteBuffer in = header(data, where, "a byte[]");
        for (byte b : BYTE_ARRAY) {
            if (!in.hasRemaining() || in.get() != b) {
                throw refused(data, where, "a byte[]");
            }
        }
        if (in.remaining() < 4) {
            throw new IllegalArgumentException(where + ": serialized byte[] is truncated before its length");
        }
        int length = in.getInt();
        if (length != in.remaining()) {
            throw new IllegalArgumentException(where + ": serialized byte[] length (" + length + ") must equal the "
                    + in.remaining() + " bytes that follow it: the entry is truncated or has trailing bytes");
        }
        byte[] out = new byte[length];
        in.get(out);
        return out;
    }

    private static ByteBuffer header(byte[] data, String where, String expected) {
        if (data.length < HEADER.length + 1) {
            throw new IllegalArgumentException(where + " (" + data.length + " bytes) must hold " + expected
                    + " serialized by format 1: it is too short");
        }
        for (int i = 0; i < HEADER.length; i++) {
            if (data[i] != HEADER[i]) {
                throw new IllegalArgumentException(where + " must start with the Java serialization header AC ED 00 05 "
                        + "(format 1), found " + hex(data, 0, HEADER.length));
            }
        }
        return ByteBuffer.wrap(data, HEADER.length, data.length - HEADER.length);
    }

    /** Names what was found instead (the class name of a plain object, read as bytes, never loaded). */
    private static IllegalArgumentException refused(byte[] data, String where, String expected) {
        String found = "bytes " + hex(data, HEADER.length, Math.min(data.length, HEADER.length + 8));
        if (data.length > HEADER.length + 4 && data[HEADER.length] == TC_OBJECT
                && data[HEADER.length + 1] == TC_CLASSDESC) {
            int n = ((data[HEADER.length + 2] & 0xFF) << 8) | (data[HEADER.length + 3] & 0xFF);
            if (HEADER.length + 4 + n <= data.length && n <= 200) {
                found = "a serialized object of class "
                        + new String(data, HEADER.length + 4, n, StandardCharsets.ISO_8859_1).replaceAll("[^\\x20-\\x7E]", "?");
            }
        }
        return new IllegalArgumentException(where + " must hold exactly " + expected + " serialized by format 1, "
                + "found " + found + ": refused without deserializing it (this library never reads Java objects "
                + "from a file); if the file is yours, save it again with this version");
    }

    /** Decodes modified UTF-8 (Java's DataOutput form: NUL as C0 80, supplementary characters as surrogate pairs). */
    private static String modifiedUtf8(ByteBuffer in, String where) {
        StringBuilder sb = new StringBuilder(in.remaining());
        while (in.hasRemaining()) {
            int a = in.get() & 0xFF;
            if (a < 0x80 && a != 0) {
                sb.append((char) a);
            } else if ((a & 0xE0) == 0xC0) {
                int b = next(in, where);
                sb.append((char) (((a & 0x1F) << 6) | (b & 0x3F)));
            } else if ((a & 0xF0) == 0xE0) {
                int b = next(in, where);
                int c = next(in, where);
                sb.append((char) (((a & 0x0F) << 12) | ((b & 0x3F) << 6) | (c & 0x3F)));
            } else {
                throw new IllegalArgumentException(where + ": serialized String holds an invalid modified UTF-8 byte ("
                        + String.format("0x%02X", a) + ")");
            }
        }
        return sb.toString();
    }

    private static int next(ByteBuffer in, String where) {
        if (!in.hasRemaining()) {
            throw new IllegalArgumentException(where + ": serialized String ends inside a modified UTF-8 character");
        }
        int b = in.get() & 0xFF;
        if ((b & 0xC0) != 0x80) {
            throw new IllegalArgumentException(where + ": serialized String holds an invalid modified UTF-8 byte ("
                    + String.format("0x%02X", b) + ")");
        }
        return b;
    }

    private static String hex(byte[] data, int from, int to) {
        StringBuilder sb = new StringBuilder();
        for (int i = from; i < Math.min(to, data.length); i++) {
            sb.append(sb.length() == 0 ? "" : " ").append(String.format("%02X", data[i] & 0xFF));
        }
        return sb.toString();
    }
}

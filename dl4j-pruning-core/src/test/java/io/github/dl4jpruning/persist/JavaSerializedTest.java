package io.github.dl4jpruning.persist;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.ObjectOutputStream;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JavaSerializedTest {

    private static byte[] serialized(Object o) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        return bytes.toByteArray();
    }

    @Test
    void readsStringsExactlyAsObjectOutputStreamWritesThem() throws IOException {
        for (String s : List.of("", "{\"format\" : 1}", "nul \0 é ü € 𝄞 end", "x".repeat(70_000) + "é")) {
            assertEquals(s, JavaSerialized.string(serialized(s), "f: entry e"), s.length() + " chars");
        }
        assertEquals(0x7C, serialized("x".repeat(70_000))[4] & 0xFF, "long strings use TC_LONGSTRING");
    }

    @ParameterizedTest
    @ValueSource(ints = {0, 1, 127, 128, 100_000})
    void readsByteArraysExactlyAsObjectOutputStreamWritesThem(int length) throws IOException {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (i * 31);
        }
        assertArrayEquals(b, JavaSerialized.bytes(serialized(b), "f: entry e"));
    }

    @Test
    void refusesEveryOtherObjectNamingItsClassWithoutLoadingIt() throws IOException {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> JavaSerialized.string(serialized(new HashSet<>(List.of(1))), "f: entry e"));
        assertTrue(e.getMessage().startsWith("f: entry e must hold exactly a String serialized by format 1, found a "
                + "serialized object of class java.util.HashSet"), e.getMessage());
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.bytes(serialized(42), "w"))
                .getMessage().contains("found a serialized object of class java.lang.Integer"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.bytes(serialized("text"), "w"))
                .getMessage().contains("must hold exactly a byte[] serialized by format 1, found bytes 74 00 04"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string(serialized(new byte[3]),
                "w")).getMessage().contains("must hold exactly a String"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.bytes(serialized(new int[3]),
                "w")).getMessage().contains("must hold exactly a byte[]"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string("{}".getBytes(), "w"))
                .getMessage().contains("w (2 bytes) must hold a String serialized by format 1: it is too short"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string("{\"a\": 1}".getBytes(),
                "w")).getMessage().contains("must start with the Java serialization header AC ED 00 05"));
    }

    @Test
    void refusesTruncatedOrPaddedValues() throws IOException {
        byte[] s = serialized("hello");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string(Arrays.copyOf(s,
                s.length - 1), "w")).getMessage().contains("serialized String length (5) must equal the 4 bytes"));
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string(Arrays.copyOf(s,
                s.length + 1), "w")).getMessage().contains("serialized String length (5) must equal the 6 bytes"));
        byte[] b = serialized(new byte[10]);
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.bytes(Arrays.copyOf(b,
                b.length - 1), "w")).getMessage().contains("serialized byte[] length (10) must equal the 9 bytes"));
        byte[] bad = serialized("ab");
        bad[bad.length - 1] = (byte) 0xC3;        // starts a two-byte character with nothing after it
        assertTrue(assertThrows(IllegalArgumentException.class, () -> JavaSerialized.string(bad, "w"))
                .getMessage().contains("ends inside a modified UTF-8 character"));
    }
}

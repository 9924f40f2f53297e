package io.github.dl4jpruning.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.file.Path;
import java.util.zip.ZipException;
import org.junit.jupiter.api.Test;

/** {@link DatasetFormatException}: the message starts with the absolute file path; nulls are rejected. */
class DatasetFormatExceptionTest {

    @Test
    void messageStartsWithTheAbsolutePathAndKeepsTheCause() {
        Path file = Path.of("/data/train-images-idx3-ubyte.gz");
        ZipException cause = new ZipException("Not in GZIP format");
        DatasetFormatException e = new DatasetFormatException(file, "is not a valid gzip file", cause);
        assertEquals("/data/train-images-idx3-ubyte.gz: is not a valid gzip file", e.getMessage());
        assertEquals(file, e.file());
        assertSame(cause, e.getCause());
        assertNull(new DatasetFormatException(file, "x").getCause());
    }

    @Test
    void relativePathsAreMadeAbsolute() {
        DatasetFormatException e = new DatasetFormatException(Path.of("labels.gz"), "is empty");
        assertEquals(Path.of("labels.gz").toAbsolutePath(), e.file());
        assertEquals(Path.of("labels.gz").toAbsolutePath() + ": is empty", e.getMessage());
    }

    @Test
    void nullArgumentsAreRejected() {
        NullPointerException file = assertThrows(NullPointerException.class,
                () -> new DatasetFormatException(null, "problem"));
        assertEquals("file", file.getMessage());
        NullPointerException problem = assertThrows(NullPointerException.class,
                () -> new DatasetFormatException(Path.of("f"), null));
        assertEquals("problem", problem.getMessage());
    }
}

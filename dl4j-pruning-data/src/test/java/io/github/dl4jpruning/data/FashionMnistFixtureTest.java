package io.github.dl4jpruning.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link FashionMnistFixture}: found in place on the test classpath, and copied out when inside a jar. */
class FashionMnistFixtureTest {

    @TempDir
    Path temp;

    @Test
    void directoryHoldsTheFourFilesAndIsCached() {
        Path dir = FashionMnistFixture.directory();
        for (String name : FashionMnistFixture.FILES) {
            assertTrue(Files.isRegularFile(dir.resolve(name)), name);
        }
        assertSame(dir, FashionMnistFixture.directory());
        FashionMnist data = FashionMnistFixture.load();
        assertEquals(FashionMnistFixture.TRAIN_COUNT, data.trainCount());
        assertEquals(FashionMnistFixture.TEST_COUNT, data.testCount());
    }

    @Test
    void fixtureInsideAJarIsCopiedToATemporaryDirectory() throws IOException {
        Path source = FashionMnistFixture.directory();
        Path jar = temp.resolve("core-tests.jar");
        try (JarOutputStream out = new JarOutputStream(Files.newOutputStream(jar))) {
            for (String name : FashionMnistFixture.FILES) {
                out.putNextEntry(new JarEntry(FashionMnistFixture.RESOURCE_FOLDER + "/" + name));
                out.write(Files.readAllBytes(source.resolve(name)));
                out.closeEntry();
            }
        }
        try (URLClassLoader loader = new URLClassLoader(new URL[] {jar.toUri().toURL()}, null)) {
            Path copy = FashionMnistFixture.locate(loader);
            assertNotEquals(source, copy);
            for (String name : FashionMnistFixture.FILES) {
                assertArrayEquals(Files.readAllBytes(source.resolve(name)), Files.readAllBytes(copy.resolve(name)),
                        name);
            }
            assertEquals(FashionMnistFixture.TRAIN_COUNT, FashionMnist.load(copy).trainCount());
        }
    }

    @Test
    void missingFixtureSaysWhichDependencyToAdd() throws IOException {
        try (URLClassLoader empty = new URLClassLoader(new URL[0], null)) {
            IllegalStateException e = assertThrows(IllegalStateException.class,
                    () -> FashionMnistFixture.locate(empty));
            assertEquals("test resource (fashion-mnist-fixture/train-images-idx3-ubyte.gz) must be on the "
                    + "classpath; add dl4j-pruning-data's test-jar as a test dependency", e.getMessage());
        }
    }
}

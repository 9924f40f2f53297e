package io.github.dl4jpruning.data;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The Fashion-MNIST unit-test fixture: the first 1,000 training and 200 test examples of the real dataset,
 * in the four original gzip IDX files, on the test classpath under {@value #RESOURCE_FOLDER}
 * (provenance in that folder's {@code README.md}; written by {@code scripts/make-fmnist-fixture.py}).
 *
 * <p>Shipped in dl4j-pruning-data's test-jar for the other modules. When the classpath holds the folder as a directory
 * it is used in place; when it is inside a jar, the four files are copied once per JVM to a temporary
 * directory, which is deleted when the JVM exits.
 */
public final class FashionMnistFixture {

    /** Classpath folder of the fixture files. */
    public static final String RESOURCE_FOLDER = "fashion-mnist-fixture";

    /** Training examples in the fixture. */
    public static final int TRAIN_COUNT = 1000;

    /** Test examples in the fixture. */
    public static final int TEST_COUNT = 200;

    /** The four file names, as in the full dataset. */
    static final List<String> FILES = List.of(FashionMnist.TRAIN_IMAGES_FILE,
            FashionMnist.TRAIN_LABELS_FILE, FashionMnist.TEST_IMAGES_FILE, FashionMnist.TEST_LABELS_FILE);

    private static Path directory;

    private FashionMnistFixture() {
    }

    /**
     * The directory holding the fixture's four files, ready for {@link FashionMnist#load(Path)}.
     *
     * @return a directory on the local file system
     * @throws IllegalStateException if the fixture is not on the classpath (add dl4j-pruning-data's test-jar
     *     as a test dependency)
     * @throws UncheckedIOException if copying the files out of a jar fails
     */
    public static synchronized Path directory() {
        if (directory == null) {
            directory = locate(FashionMnistFixture.class.getClassLoader());
        }
        return directory;
    }

    /**
     * Loads the whole fixture.
     *
     * @return the fixture as a {@link FashionMnist} with {@value #TRAIN_COUNT} training and
     *     {@value #TEST_COUNT} test examples
     * @throws IllegalStateException if the fixture is not on the classpath
     */
    public static FashionMnist load() {
        return FashionMnist.load(directory());
    }

    /**
     * Finds the fixture through {@code loader}: in place for a {@code file:} URL, else copied to a new
     * temporary directory.
     *
     * @param loader the class loader whose classpath holds {@value #RESOURCE_FOLDER}
     * @return a directory on the local file system holding the four files
     * @throws IllegalStateException if the fixture is not on the loader's classpath
     * @throws UncheckedIOException if copying the files fails
     */
    static Path locate(ClassLoader loader) {
        URL url = resource(loader, FILES.get(0));
        if ("file".equals(url.getProtocol())) {
            try {
                return Path.of(url.toURI()).getParent();
            } catch (URISyntaxException e) {
                throw new IllegalStateException("fixture URL (" + url + ") must be a valid file URI", e);
            }
        }
        try {
            Path copy = Files.createTempDirectory("fashion-mnist-fixture");
            copy.toFile().deleteOnExit();
            for (String name : FILES) {
                Path target = copy.resolve(name);
                try (InputStream in = resource(loader, name).openStream()) {
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
                target.toFile().deleteOnExit();
            }
            return copy;
        } catch (IOException e) {
            throw new UncheckedIOException("copying the Fashion-MNIST fixture out of " + url + " failed", e);
        }
    }

    private static URL resource(ClassLoader loader, String name) {
        String path = RESOURCE_FOLDER + "/" + name;
        URL url = loader.getResource(path);
        if (url == null) {
            throw new IllegalStateException("test resource (" + path + ") must be on the classpath; add "
                    + "dl4j-pruning-data's test-jar as a test dependency");
        }
        return url;
    }
}

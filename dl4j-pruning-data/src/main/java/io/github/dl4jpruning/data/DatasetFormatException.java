package io.github.dl4jpruning.data;

import java.nio.file.Path;
import java.util.Objects;

/**
 * A dataset file exists but its content is not what the format promises: not gzip, a wrong IDX magic
 * number, wrong image dimensions, fewer bytes than the header declares, out-of-range labels, or image and
 * label files that disagree on the number of examples.
 *
 * <p>It is an {@link IllegalArgumentException} because the file is an argument the caller chose; the
 * message always starts with the file's path and says what was wrong and how to fix it.
 */
public final class DatasetFormatException extends IllegalArgumentException {

    private static final long serialVersionUID = 1L;

    /** Kept as a string: {@link Path} is not serializable. */
    private final String file;

    /**
     * Creates the exception.
     *
     * @param file the file whose content is malformed; must not be null
     * @param problem what was wrong and, where one exists, the fix; must not be null
     * @throws NullPointerException if {@code file} or {@code problem} is null
     */
    public DatasetFormatException(Path file, String problem) {
        this(file, problem, null);
    }

    /**
     * Creates the exception with the low-level cause (for example a {@link java.util.zip.ZipException}).
     *
     * @param file the file whose content is malformed; must not be null
     * @param problem what was wrong and, where one exists, the fix; must not be null
     * @param cause the exception that revealed the problem, or null
     * @throws NullPointerException if {@code file} or {@code problem} is null
     */
    public DatasetFormatException(Path file, String problem, Throwable cause) {
        super(Objects.requireNonNull(file, "file").toAbsolutePath() + ": "
                + Objects.requireNonNull(problem, "problem"), cause);
        this.file = file.toAbsolutePath().toString();
    }

    /**
     * The malformed file.
     *
     * @return the absolute path of the file named in the message
     */
    public Path file() {
        return Path.of(file);
    }
}

package io.github.dl4jpruning.bench;

import java.nio.file.Files;
import java.nio.file.Path;

/** The one check of the command-line program that an output file can be written, made before any work. */
public final class OutputFiles {

    private OutputFiles() {
    }

    /**
     * Checks that {@code file} can be written: its directory exists and is writable, it is not a directory, and if
     * it exists it is a writable regular file.
     *
     * @param field the flag's field name for the message ({@code out}, {@code json})
     * @param file the output file, or null
     * @param example a file name the message suggests when {@code file} is a directory
     * @return the absolute, normalized path, or null if {@code file} is null
     * @throws IllegalArgumentException naming the field and the file, if it cannot be written there
     */
    public static Path writableTarget(String field, Path file, String example) {
        if (file == null) {
            return null;
        }
        Path abs = file.toAbsolutePath().normalize();
        Path dir = abs.getParent();
        if (dir != null && !Files.isDirectory(dir)) {
            throw new IllegalArgumentException(field + " (" + file + ") must be in an existing directory: create "
                    + dir + " first");
        }
        if (Files.isDirectory(abs)) {
            throw new IllegalArgumentException(field + " (" + file + ") must be a file, not a directory: give a file "
                    + "name, e.g. " + abs.resolve(example));
        }
        if (Files.exists(abs) && !(Files.isRegularFile(abs) && Files.isWritable(abs))) {
            throw new IllegalArgumentException(field + " (" + file + ") must be a writable regular file: choose "
                    + "another name or fix its permissions");
        }
        if (dir != null && !Files.isWritable(dir)) {
            throw new IllegalArgumentException(field + " (" + file + ") must be in a writable directory: " + dir
                    + " is read-only; choose another directory");
        }
        return abs;
    }
}

package io.github.dl4jpruning.files;

import io.github.dl4jpruning.internal.Checks;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.DirectoryIteratorException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes files atomically: the content goes to a temporary file in the target's folder, which is then moved
 * onto the target, so a reader (or the next run) sees either the previous file or the complete new one.
 *
 * <ul>
 *   <li>The temporary file is {@code .<target name>.<pid>-<16 hex digits>.tmp} beside the target (same file
 *       system, so the move is a rename); missing parent folders are created.</li>
 *   <li>It is created without explicit permissions, so the target gets those of a new file written with
 *       {@code Files.newOutputStream(target)} (on POSIX: {@code 0666} minus the umask), not the owner-only
 *       {@code 0600} of {@code Files.createTempFile}. Permissions and owner of a target that already exists are
 *       not carried over; a symbolic link at the target is replaced, not followed.</li>
 *   <li>Once the caller has filled it, the temporary file is forced to the storage device and moved with
 *       {@code ATOMIC_MOVE} and {@code REPLACE_EXISTING}. Where the file system cannot move atomically
 *       ({@link AtomicMoveNotSupportedException}) it is moved with {@code REPLACE_EXISTING} alone: there the
 *       replacement is <b>not atomic</b>, and a crash during the move can leave the target missing.</li>
 *   <li>If the caller's code or the move fails, the temporary file is deleted, the previous target is left as
 *       it was and the exception is rethrown unchanged.</li>
 *   <li>Before writing, temporary files of the same target left by writes that were killed (their process no
 *       longer runs) are deleted. Temporary files of other targets, and those of writes still running in this
 *       or another process, are left alone. A process is judged by its id as this JVM sees it, so do not write
 *       one target from two machines (or PID namespaces) sharing a folder at the same time.</li>
 * </ul>
 *
 * <pre>{@code
 * AtomicFiles.writeStream(Path.of("out/notes.txt"), out -> out.write(bytes));
 * AtomicFiles.write(Path.of("model.zip"), tmp -> ModelSerializer.writeModel(net, tmp.toFile(), true));
 * }</pre>
 */
public final class AtomicFiles {

    private static final Logger log = LoggerFactory.getLogger(AtomicFiles.class);

    /** This process's id, part of every temporary file name it creates. */
    private static final long PID = ProcessHandle.current().pid();

    /** File names of the temporary files this process is writing now: not leftovers, even with our PID. */
    private static final Set<String> IN_FLIGHT = ConcurrentHashMap.newKeySet();

    private static final int CREATE_ATTEMPTS = 10;

    private AtomicFiles() {
    }

    /** How the temporary file is moved onto the target ({@code Files::move}; tests pass others). */
    @FunctionalInterface
    interface Mover {
        void move(Path source, Path target, CopyOption... options) throws IOException;
    }

    /**
     * Writes {@code target} atomically through a temporary file that {@code writeTo} fills by path (for APIs
     * that write to a {@code File} or reopen it, such as DL4J's {@code ModelSerializer}).
     *
     * @param target the file to write; missing parent folders are created, an existing file is replaced only
     *     once the new one is complete
     * @param writeTo fills the temporary file it is given (which exists, empty); it may overwrite, truncate or
     *     reopen it, but must leave a regular file at that path
     * @throws IOException if creating, filling or moving the temporary file fails (rethrown unchanged; the
     *     previous target, if any, is left as it was and the temporary file is deleted)
     * @throws IllegalArgumentException if {@code target} or {@code writeTo} is null, {@code target} has no file
     *     name or is an existing directory
     */
    public static void write(Path target, IoConsumer<Path> writeTo) throws IOException {
        write(target, writeTo, Files::move);
    }

    /**
     * Writes {@code target} atomically through a temporary file that {@code writeTo} fills through a buffered
     * stream; the stream is closed after {@code writeTo} returns (closing it earlier is allowed).
     *
     * @param target the file to write; missing parent folders are created, an existing file is replaced only
     *     once the new one is complete
     * @param writeTo writes the content to the stream it is given
     * @throws IOException if creating, filling or moving the temporary file fails (rethrown unchanged; the
     *     previous target, if any, is left as it was and the temporary file is deleted)
     * @throws IllegalArgumentException if {@code target} or {@code writeTo} is null, {@code target} has no file
     *     name or is an existing directory
     */
    public static void writeStream(Path target, IoConsumer<OutputStream> writeTo) throws IOException {
        Checks.notNull("writeTo", writeTo);
        write(target, tmp -> {
            try (OutputStream out = new BufferedOutputStream(Files.newOutputStream(tmp))) {
                writeTo.accept(out);
            }
        });
    }

    /** As {@link #write(Path, IoConsumer)}, moving with {@code mover} (tests: file systems without atomic move). */
    static void write(Path target, IoConsumer<Path> writeTo, Mover mover) throws IOException {
        Checks.notNull("target", target);
        Checks.notNull("writeTo", writeTo);
        Path file = target.toAbsolutePath();
        Path dir = file.getParent();
        if (dir == null || file.getFileName() == null) {
            throw new IllegalArgumentException("target (" + target + ") must name a file, not a file system root");
        }
        if (Files.isDirectory(file)) {
            throw new IllegalArgumentException("target (" + target + ") must be a file path, but it is a directory: "
                    + "choose another name or remove the folder");
        }
        Files.createDirectories(dir);
        String name = file.getFileName().toString();
        removeLeftovers(dir, name);
        Path tmp = createTemp(dir, name);
        try {
            writeTo.accept(tmp);
            try (FileChannel channel = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                channel.force(true);
            }
            try {
                mover.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                mover.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (Throwable e) {
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException | RuntimeException cleanup) {
                e.addSuppressed(cleanup);
            }
            throw e;
        } finally {
            IN_FLIGHT.remove(tmp.getFileName().toString());
        }
    }

    /**
     * The name of a temporary file of a target.
     *
     * @param targetName the target's file name
     * @param pid the id of the writing process
     * @param token a random number that makes the name unique
     * @return {@code .<targetName>.<pid>-<token as 16 hex digits>.tmp}
     */
    static String tempName(String targetName, long pid, long token) {
        return "." + targetName + "." + pid + "-" + String.format(Locale.ROOT, "%016x", token) + ".tmp";
    }

    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 1; ; attempt++) {
            String tmpName = tempName(name, PID, ThreadLocalRandom.current().nextLong());
            if (!IN_FLIGHT.add(tmpName)) {
                continue;
            }
            try {
                return Files.createFile(dir.resolve(tmpName));   // no attributes: the umask applies
            } catch (FileAlreadyExistsException e) {
                IN_FLIGHT.remove(tmpName);
                if (attempt >= CREATE_ATTEMPTS) {
                    throw e;
                }
            } catch (IOException | RuntimeException e) {
                IN_FLIGHT.remove(tmpName);
                throw e;
            }
        }
    }

    /** Deletes temporary files of {@code name} whose writer is gone; failures are logged, never thrown. */
    private static void removeLeftovers(Path dir, String name) {
        Pattern ownTemps = Pattern.compile("\\." + Pattern.quote(name) + "\\.(\\d{1,18})-[0-9a-f]{16}\\.tmp");
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                String entryName = entry.getFileName().toString();
                Matcher m = ownTemps.matcher(entryName);
                if (m.matches() && writerIsGone(entryName, Long.parseLong(m.group(1)))) {
                    try {
                        Files.deleteIfExists(entry);
                        log.debug("deleted {}, left by an interrupted write of {}", entry, name);
                    } catch (IOException | RuntimeException e) {
                        log.warn("could not delete {}, left by an interrupted write of {}: {}", entry, name,
                                e.toString());
                    }
                }
            }
        } catch (IOException | DirectoryIteratorException | SecurityException e) {
            log.warn("could not look for temporary files left in {} by interrupted writes of {}: {}", dir, name,
                    e.toString());
        }
    }

    private static boolean writerIsGone(String tmpName, long pid) {
        if (pid == PID) {
            return !IN_FLIGHT.contains(tmpName);   // ours, or a killed earlier process that had our PID
        }
        try {
            return ProcessHandle.of(pid).map(p -> !p.isAlive()).orElse(true);
        } catch (RuntimeException e) {
            return false;   // cannot tell: keep it
        }
    }
}

package io.github.dl4jpruning.files;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.CopyOption;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AtomicFilesTest {

    /** Beyond Linux's largest pid_max (2^22) and unlikely anywhere else; checked before use. */
    private static final long DEAD_PID = 999_999_937L;

    @TempDir
    Path tmp;

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).sorted().toList();
        }
    }

    @Test
    void writesTheContentCreatingParentsAndLeavesOnlyTheTarget() throws IOException {
        Path target = tmp.resolve("a/b/notes.txt");
        AtomicFiles.writeStream(target, out -> out.write(utf8("first")));
        assertEquals("first", Files.readString(target));
        AtomicFiles.write(target, path -> Files.writeString(path, "second, longer"));
        assertEquals("second, longer", Files.readString(target));
        assertEquals(List.of("notes.txt"), names(target.getParent()));
    }

    @Test
    void theTemporaryFileIsBesideTheTargetAndNamedAfterIt() throws IOException {
        Path target = tmp.resolve("model.zip");
        AtomicReference<Path> seen = new AtomicReference<>();
        AtomicFiles.write(target, path -> {
            seen.set(path);
            assertTrue(Files.isRegularFile(path), "the temporary file exists, empty, when the writer starts");
            assertEquals(0, Files.size(path));
            Files.write(path, new byte[] {1, 2, 3});
        });
        assertEquals(target.toAbsolutePath().getParent(), seen.get().getParent());
        assertTrue(seen.get().getFileName().toString().matches("\\.model\\.zip\\.\\d+-[0-9a-f]{16}\\.tmp"),
                seen.get().getFileName().toString());
        assertFalse(Files.exists(seen.get()));
        assertArrayEquals(new byte[] {1, 2, 3}, Files.readAllBytes(target));
    }

    @Test
    void permissionsAreThoseOfAFileCreatedWithNewOutputStream() throws IOException {
        assumeTrue(Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class),
                "needs a POSIX file system (permissions are compared as PosixFilePermission sets)");
        try (OutputStream out = Files.newOutputStream(tmp.resolve("plain.bin"))) {
            out.write(1);
        }
        var expected = Files.getPosixFilePermissions(tmp.resolve("plain.bin"));
        Path byStream = tmp.resolve("stream.bin");
        AtomicFiles.writeStream(byStream, out -> out.write(1));
        assertEquals(expected, Files.getPosixFilePermissions(byStream));
        Path byPath = tmp.resolve("path.bin");
        AtomicFiles.write(byPath, path -> Files.write(path, new byte[] {1}));
        assertEquals(expected, Files.getPosixFilePermissions(byPath));
        AtomicFiles.write(byPath, path -> Files.write(path, new byte[] {2}));   // replacing keeps them too
        assertEquals(expected, Files.getPosixFilePermissions(byPath));
    }

    @Test
    void aFailingWriterLeavesTheOldFileByteIdenticalAndNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("report.html");
        AtomicFiles.writeStream(target, out -> out.write(utf8("old content")));
        byte[] before = Files.readAllBytes(target);

        IOException diskFull = new IOException("disk full (injected)");
        IOException thrown = assertThrows(IOException.class, () -> AtomicFiles.writeStream(target, out -> {
            out.write(utf8("half of the new"));
            out.flush();
            throw diskFull;
        }));
        assertSame(diskFull, thrown, "the writer's exception propagates unchanged");
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("report.html"), names(tmp));

        IllegalStateException bug = new IllegalStateException("bug (injected)");
        assertSame(bug, assertThrows(IllegalStateException.class, () -> AtomicFiles.write(target, path -> {
            Files.writeString(path, "half");
            throw bug;
        })));
        assertArrayEquals(before, Files.readAllBytes(target));
        assertEquals(List.of("report.html"), names(tmp));
    }

    @Test
    void aFailingMoveLeavesTheOldFileAndNoTemporaryFile() throws IOException {
        Path target = tmp.resolve("model.zip");
        Files.writeString(target, "old");
        IOException refused = new IOException("move refused (injected)");
        assertSame(refused, assertThrows(IOException.class, () -> AtomicFiles.write(target,
                path -> Files.writeString(path, "new"), (source, dest, options) -> {
                    throw refused;
                })));
        assertEquals("old", Files.readString(target));
        assertEquals(List.of("model.zip"), names(tmp));
    }

    @Test
    void withoutAtomicMoveItFallsBackToAPlainReplacingMove() throws IOException {
        Path target = tmp.resolve("model.zip");
        Files.writeString(target, "old");
        List<List<CopyOption>> calls = new ArrayList<>();
        AtomicFiles.write(target, path -> Files.writeString(path, "new"), (source, dest, options) -> {
            calls.add(List.of(options));
            if (calls.get(calls.size() - 1).contains(StandardCopyOption.ATOMIC_MOVE)) {
                throw new AtomicMoveNotSupportedException(source.toString(), dest.toString(), "not here (injected)");
            }
            Files.move(source, dest, options);
        });
        assertEquals(List.of(List.of(StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING),
                List.<CopyOption>of(StandardCopyOption.REPLACE_EXISTING)), calls);
        assertEquals("new", Files.readString(target));
        assertEquals(List.of("model.zip"), names(tmp));
    }

    @Test
    void leftoversOfTheSameTargetAreRemovedOthersStay() throws IOException {
        assumeTrue(ProcessHandle.of(DEAD_PID).isEmpty(), "pid " + DEAD_PID + " must not be running");
        long ownPid = ProcessHandle.current().pid();
        String deadWriter = AtomicFiles.tempName("model.zip", DEAD_PID, 0x1234L);
        String earlierRunWithOurPid = AtomicFiles.tempName("model.zip", ownPid, -1L);
        String otherTarget = AtomicFiles.tempName("other.zip", DEAD_PID, 0x1234L);
        String longerName = AtomicFiles.tempName("model.zip.bak", DEAD_PID, 0x1234L);
        String notOurs = ".model.zip.tmp";
        for (String name : List.of(deadWriter, earlierRunWithOurPid, otherTarget, longerName, notOurs)) {
            Files.writeString(tmp.resolve(name), "left by a killed write");
        }
        List<String> kept = new ArrayList<>(List.of(otherTarget, longerName, notOurs));
        var parent = ProcessHandle.current().parent();
        if (parent.isPresent() && parent.get().isAlive()) {
            String running = AtomicFiles.tempName("model.zip", parent.get().pid(), 0x5678L);
            Files.writeString(tmp.resolve(running), "a write still running in another process");
            kept.add(running);
        }

        AtomicFiles.writeStream(tmp.resolve("model.zip"), out -> out.write(utf8("new")));

        List<String> expected = new ArrayList<>(kept);
        expected.add("model.zip");
        assertEquals(expected.stream().sorted().toList(), names(tmp));
        assertEquals("new", Files.readString(tmp.resolve("model.zip")));
    }

    @Test
    void aWriteInProgressInThisProcessIsNotALeftover() throws IOException {
        Path target = tmp.resolve("state.json");
        AtomicFiles.write(target, outer -> {
            // a second write of the same target meanwhile (another thread, here nested) must not delete ours
            AtomicFiles.writeStream(target, out -> out.write(utf8("inner")));
            assertTrue(Files.exists(outer), "the outer write's temporary file survives the inner write");
            Files.writeString(outer, "outer");
        });
        assertEquals("outer", Files.readString(target));
        assertEquals(List.of("state.json"), names(tmp));
    }

    @Test
    void invalidTargetsAreRejectedNamingTheField() throws IOException {
        IoConsumer<OutputStream> nothing = out -> { };
        assertEquals("target must not be null",
                assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeStream(null, nothing))
                        .getMessage());
        assertEquals("writeTo must not be null", assertThrows(IllegalArgumentException.class,
                () -> AtomicFiles.write(tmp.resolve("x"), null)).getMessage());
        Path dir = Files.createDirectory(tmp.resolve("folder"));
        String msg = assertThrows(IllegalArgumentException.class, () -> AtomicFiles.writeStream(dir, nothing))
                .getMessage();
        assertTrue(msg.startsWith("target (" + dir + ") must be a file path, but it is a directory"), msg);
        assertTrue(Files.isDirectory(dir));
    }
}

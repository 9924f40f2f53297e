package io.github.dl4jpruning.htmlreport;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link BuildInfo}: the commit read from {@code .git} layouts written by the test, and the library version. */
class BuildInfoTest {

    private static final String A = "1111111111111111111111111111111111111111";
    private static final String B = "2222222222222222222222222222222222222222";

    @TempDir
    Path tmp;

    private Path repo(String head) throws IOException {
        Path git = Files.createDirectories(tmp.resolve("repo").resolve(".git"));
        Files.writeString(git.resolve("HEAD"), head + "\n");
        return tmp.resolve("repo");
    }

    @Test
    void looseBranchRefFromASubdirectory() throws IOException {
        Path repo = repo("ref: refs/heads/main");
        Files.createDirectories(repo.resolve(".git/refs/heads"));
        Files.writeString(repo.resolve(".git/refs/heads/main"), A + "\n");
        Path sub = Files.createDirectories(repo.resolve("src/main"));
        assertEquals(Optional.of(A), BuildInfo.gitCommit(sub));
    }

    @Test
    void packedRefAndDetachedHead() throws IOException {
        Path repo = repo("ref: refs/heads/main");
        Files.writeString(repo.resolve(".git/packed-refs"), "# pack-refs with: peeled fully-peeled sorted\n"
                + B + " refs/heads/other\n" + A + " refs/heads/main\n");
        assertEquals(Optional.of(A), BuildInfo.gitCommit(repo));
        Files.writeString(repo.resolve(".git/HEAD"), B + "\n");
        assertEquals(Optional.of(B), BuildInfo.gitCommit(repo));
    }

    @Test
    void linkedWorktreeReadsTheCommonRefs() throws IOException {
        Path main = repo("ref: refs/heads/main");
        Path wtGit = Files.createDirectories(main.resolve(".git/worktrees/feature"));
        Files.writeString(wtGit.resolve("HEAD"), "ref: refs/heads/feature\n");
        Files.writeString(wtGit.resolve("commondir"), "../..\n");
        Files.createDirectories(main.resolve(".git/refs/heads"));
        Files.writeString(main.resolve(".git/refs/heads/feature"), B + "\n");
        Path worktree = Files.createDirectories(tmp.resolve("wt"));
        Files.writeString(worktree.resolve(".git"), "gitdir: " + wtGit + "\n");
        assertEquals(Optional.of(B), BuildInfo.gitCommit(worktree));
    }

    @Test
    void unresolvableRefGivesNone() throws IOException {
        Path repo = repo("ref: refs/heads/missing");
        assertEquals(Optional.empty(), BuildInfo.gitCommit(repo));
        Files.writeString(repo.resolve(".git/HEAD"), "not a ref\n");
        assertEquals(Optional.empty(), BuildInfo.gitCommit(repo));
    }

    @Test
    void versionComesFromTheBuild() {
        assertTrue(BuildInfo.libraryVersion().matches("\\d+\\.\\d+\\.\\d+(-SNAPSHOT)?"), BuildInfo.libraryVersion());
    }
}

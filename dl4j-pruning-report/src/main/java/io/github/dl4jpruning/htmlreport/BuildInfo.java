package io.github.dl4jpruning.htmlreport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.regex.Pattern;

/** The library version (from the jar) and the git commit of a working directory, for the report header. */
final class BuildInfo {

    private static final Pattern SHA = Pattern.compile("[0-9a-f]{40}");

    private BuildInfo() {
    }

    /**
     * This library's version: {@code build.properties} (filled in by the Maven build), else the jar manifest's
     * {@code Implementation-Version}, else "(development build)".
     */
    static String libraryVersion() {
        try (InputStream in = BuildInfo.class.getResourceAsStream("build.properties")) {
            if (in != null) {
                Properties p = new Properties();
                p.load(in);
                String v = p.getProperty("version", "");
                if (!v.isBlank() && !v.contains("${")) {
                    return v;
                }
            }
        } catch (IOException e) {
            // fall through to the manifest
        }
        String v = BuildInfo.class.getPackage().getImplementationVersion();
        return v == null ? "(development build)" : v;
    }

    /**
     * The commit checked out in the git working tree that holds {@code dir} (searched upwards), read from the
     * {@code .git} files without running git: {@code HEAD}, loose refs and {@code packed-refs}, linked worktrees
     * ({@code .git} file with {@code gitdir:} and {@code commondir}) included.
     *
     * @param dir a directory, e.g. the current one
     * @return the 40-digit commit, or empty if none is found
     */
    static Optional<String> gitCommit(Path dir) {
        try {
            for (Path d = dir.toAbsolutePath().normalize(); d != null; d = d.getParent()) {
                Path dotGit = d.resolve(".git");
                if (Files.isDirectory(dotGit)) {
                    return commitOf(dotGit);
                }
                if (Files.isRegularFile(dotGit)) {
                    String line = Files.readString(dotGit, StandardCharsets.UTF_8).trim();
                    if (line.startsWith("gitdir:")) {
                        return commitOf(d.resolve(line.substring("gitdir:".length()).trim()).normalize());
                    }
                    return Optional.empty();
                }
            }
        } catch (IOException | RuntimeException e) {
            // unreadable or unexpected layout: no commit
        }
        return Optional.empty();
    }

    private static Optional<String> commitOf(Path gitDir) throws IOException {
        Path head = gitDir.resolve("HEAD");
        if (!Files.isRegularFile(head)) {
            return Optional.empty();
        }
        String h = Files.readString(head, StandardCharsets.UTF_8).trim();
        if (SHA.matcher(h).matches()) {
            return Optional.of(h);
        }
        if (!h.startsWith("ref:")) {
            return Optional.empty();
        }
        String ref = h.substring("ref:".length()).trim();
        Path common = gitDir;
        Path commonFile = gitDir.resolve("commondir");
        if (Files.isRegularFile(commonFile)) {
            common = gitDir.resolve(Files.readString(commonFile, StandardCharsets.UTF_8).trim()).normalize();
        }
        for (Path base : List.of(gitDir, common)) {
            Path loose = base.resolve(ref);
            if (Files.isRegularFile(loose)) {
                String sha = Files.readString(loose, StandardCharsets.UTF_8).trim();
                return SHA.matcher(sha).matches() ? Optional.of(sha) : Optional.empty();
            }
        }
        Path packed = common.resolve("packed-refs");
        if (Files.isRegularFile(packed)) {
            for (String line : Files.readAllLines(packed, StandardCharsets.UTF_8)) {
                String[] parts = line.trim().split(" ");
                if (parts.length == 2 && parts[1].equals(ref) && SHA.matcher(parts[0]).matches()) {
                    return Optional.of(parts[0]);
                }
            }
        }
        return Optional.empty();
    }
}

package io.github.dl4jpruning;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Keeps the README's Java examples identical to the code {@link ReadmeExampleTest} runs. A README block
 * follows a line {@code <!-- snippet: NAME -->}; the test's block lies between
 * {@code // --- README NAME example begins ---} and {@code ... ends ---}. Test lines ending in
 * {@code // README: A => B} read {@code B} for {@code A} (the comment itself is dropped).
 */
class ReadmeSyncTest {

    private static final Path README = Path.of("..", "README.md");
    private static final Path SOURCE = Path.of("src", "test", "java", "io", "github", "dl4jpruning",
            "ReadmeExampleTest.java");
    private static final Path WORKED_EXAMPLE = Path.of("src", "test", "java", "io", "github", "dl4jpruning", "interop",
            "ReadmeWorkedExampleTest.java");

    @ParameterizedTest
    @ValueSource(strings = {"usage", "builder", "deploy", "criteria", "structured"})
    void readmeSnippetEqualsTheTestedCode(String name) throws IOException {
        assertEquals(testBlock(name, SOURCE), readmeBlock(name), "README snippet \"" + name + "\" differs from "
                + "ReadmeExampleTest: change both");
    }

    /** Snippets run by {@code interop.ReadmeWorkedExampleTest}. */
    @ParameterizedTest
    @ValueSource(strings = {"worked-example", "interop"})
    void readmeSnippetEqualsTheWorkedExampleTest(String name) throws IOException {
        assertEquals(testBlock(name, WORKED_EXAMPLE), readmeBlock(name), "README snippet \"" + name + "\" differs "
                + "from ReadmeWorkedExampleTest: change both");
    }

    private static List<String> readmeBlock(String name) throws IOException {
        List<String> lines = Files.readAllLines(README, StandardCharsets.UTF_8);
        int at = lines.indexOf("<!-- snippet: " + name + " -->");
        assertTrue(at >= 0, "README.md has no <!-- snippet: " + name + " --> marker");
        assertEquals("```java", lines.get(at + 1), "the marker must be followed by a ```java block");
        List<String> out = new ArrayList<>();
        for (int i = at + 2; !lines.get(i).equals("```"); i++) {
            out.add(lines.get(i).stripTrailing());
        }
        return out;
    }

    private static List<String> testBlock(String name, Path source) throws IOException {
        List<String> lines = Files.readAllLines(source, StandardCharsets.UTF_8);
        int begin = indexOfTrimmed(lines, "// --- README " + name + " example begins ---");
        int end = indexOfTrimmed(lines, "// --- README " + name + " example ends ---");
        assertTrue(begin >= 0 && end > begin, "ReadmeExampleTest has no README " + name + " example markers");
        List<String> block = new ArrayList<>();
        for (String line : lines.subList(begin + 1, end)) {
            int c = line.indexOf("// README:");
            if (c >= 0) {
                String[] ab = line.substring(c + "// README:".length()).split("=>");
                assertEquals(2, ab.length, "README directive must read // README: A => B in: " + line);
                String code = line.substring(0, c).stripTrailing();
                assertTrue(code.contains(ab[0].trim()), "\"" + ab[0].trim() + "\" not found in: " + line);
                line = code.replace(ab[0].trim(), ab[1].trim());
            }
            block.add(line.stripTrailing());
        }
        int indent = block.stream().filter(l -> !l.isBlank())
                .mapToInt(l -> l.length() - l.stripLeading().length()).min().orElse(0);
        return block.stream().map(l -> l.isBlank() ? "" : l.substring(indent)).toList();
    }

    private static int indexOfTrimmed(List<String> lines, String marker) {
        for (int i = 0; i < lines.size(); i++) {
            if (lines.get(i).trim().equals(marker)) {
                return i;
            }
        }
        return -1;
    }
}

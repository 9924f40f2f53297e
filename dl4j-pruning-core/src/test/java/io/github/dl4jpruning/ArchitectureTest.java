package io.github.dl4jpruning;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The package structure of the core library, checked on its compiled classes (ArchUnit) and sources: no import cycle
 * between packages, the facade on top, {@code internal}, {@code spi} and {@code kernels} at the bottom, a
 * {@code package-info.java} in every package, and no source file over 400 lines.
 */
class ArchitectureTest {

    private static final String ROOT = "io.github.dl4jpruning";
    private static final Path SOURCES = Path.of("src/main/java/io/github/dl4jpruning");
    private static JavaClasses classes;

    @BeforeAll
    static void importClasses() {
        classes = new ClassFileImporter().withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages(ROOT);
        assertTrue(classes.size() > 50, "the core's classes were imported: " + classes.size());
    }

    @Test
    void packagesAreFreeOfCycles() {
        slices().matching(ROOT + ".(*)..").should().beFreeOfCycles().check(classes);
    }

    @Test
    void onlyTheFacadeLivesInTheRootPackageAndNothingImportsIt() {
        noClasses().that().resideOutsideOfPackage(ROOT).should().dependOnClassesThat().resideInAPackage(ROOT)
                .check(classes);
    }

    @Test
    void internalSpiAndKernelsImportNothingAboveThem() {
        noClasses().that().resideInAPackage(ROOT + ".internal..").should().dependOnClassesThat()
                .resideInAnyPackage(ROOT, ROOT + ".(*)..").andShould().dependOnClassesThat()
                .resideOutsideOfPackages(ROOT + ".internal..", "java..", "org.nd4j..", "org.slf4j..")
                .check(classes);
        noClasses().that().resideInAPackage(ROOT + ".spi..").should().dependOnClassesThat()
                .resideOutsideOfPackages(ROOT + ".spi..", "java..", "org.nd4j..").check(classes);
        noClasses().that().resideInAPackage(ROOT + ".kernels..").should().dependOnClassesThat()
                .resideOutsideOfPackages(ROOT + ".kernels..", ROOT + ".spi..", "java..", "org.nd4j..")
                .check(classes);
    }

    @Test
    void policiesImportNoEngineState() {
        noClasses().that().resideInAnyPackage(ROOT + ".schedule..", ROOT + ".criterion..", ROOT + ".report..")
                .should().dependOnClassesThat().resideInAnyPackage(ROOT + ".nn..", ROOT + ".mask..",
                        ROOT + ".engine..", ROOT + ".listener..", ROOT + ".network..")
                .check(classes);
    }

    @Test
    void everyPackageHasAPackageInfo() throws IOException {
        try (Stream<Path> dirs = Files.walk(SOURCES)) {
            List<Path> missing = dirs.filter(Files::isDirectory).filter(ArchitectureTest::holdsJava)
                    .filter(d -> !Files.exists(d.resolve("package-info.java"))).toList();
            assertEquals(List.of(), missing, "packages without package-info.java");
        }
    }

    @Test
    void noSourceFileIsOver400Lines() throws IOException {
        try (Stream<Path> files = Files.walk(SOURCES)) {
            List<String> long_ = files.filter(f -> f.toString().endsWith(".java")).filter(f -> lines(f) > 400)
                    .map(f -> f + " (" + lines(f) + " lines)").toList();
            assertEquals(List.of(), long_, "source files over 400 lines");
        }
    }

    private static boolean holdsJava(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            return s.anyMatch(f -> f.toString().endsWith(".java"));
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    private static long lines(Path f) {
        try (Stream<String> s = Files.lines(f)) {
            return s.count();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}

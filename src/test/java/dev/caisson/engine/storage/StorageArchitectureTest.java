package dev.caisson.engine.storage;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The storage and image packages are plain library code: no Spring, no direct FFI. */
class StorageArchitectureTest {
    private static final JavaClasses CLASSES = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.caisson.engine.storage", "dev.caisson.engine.image");

    @Test
    void noSpring() {
        noClasses().should().dependOnClassesThat().resideInAPackage("org.springframework..").check(CLASSES);
    }

    @Test
    void noJnr() {
        noClasses().should().dependOnClassesThat().resideInAPackage("jnr..").check(CLASSES);
    }
}

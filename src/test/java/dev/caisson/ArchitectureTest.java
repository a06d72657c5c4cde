package dev.caisson;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import org.junit.jupiter.api.Test;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;

/** The engine is a plain library: no Spring anywhere in it, jnr-ffi only in engine.linux. */
class ArchitectureTest {
    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.caisson");

    @Test
    void engineImportsNoSpring() {
        noClasses().that().resideInAPackage("dev.caisson.engine..")
                .should().dependOnClassesThat().resideInAPackage("org.springframework..")
                .check(classes);
    }

    @Test
    void onlyTheLinuxPackageTouchesJnr() {
        noClasses().that().resideInAPackage("dev.caisson.engine..")
                .and().resideOutsideOfPackage("dev.caisson.engine.linux..")
                .should().dependOnClassesThat().resideInAPackage("jnr..")
                .check(classes);
    }

    @Test
    void engineDoesNotDependOnThePlatform() {
        noClasses().that().resideInAPackage("dev.caisson.engine..")
                .should().dependOnClassesThat().resideInAPackage("dev.caisson.platform..")
                .check(classes);
    }
}

package dev.caisson.engine.cgroup;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import org.junit.jupiter.api.Test;

/** The cgroup code is plain Java on plain files: no Spring, no FFI, drivers apart. */
class CgroupArchitectureTest {

    private final JavaClasses classes = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("dev.caisson.engine.cgroup");

    @Test
    void noSpringNoFfi() {
        noClasses().should().dependOnClassesThat().resideInAnyPackage("org.springframework..", "jnr..")
                .check(classes);
    }

    @Test
    void driversDoNotKnowEachOther() {
        noClasses().that().resideInAPackage("..cgroup.v1..").should().dependOnClassesThat()
                .resideInAPackage("..cgroup.v2..").check(classes);
        noClasses().that().resideInAPackage("..cgroup.v2..").should().dependOnClassesThat()
                .resideInAPackage("..cgroup.v1..").check(classes);
    }
}

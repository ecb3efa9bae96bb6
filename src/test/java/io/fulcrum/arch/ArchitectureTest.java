package io.fulcrum.arch;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.fields;
import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static org.assertj.core.api.Assertions.assertThat;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.domain.JavaModifier;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.time.Instant;
import java.time.LocalDateTime;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The rules of ARCHITECTURE.md that the compiler cannot check. */
class ArchitectureTest {

    private static JavaClasses production;

    @BeforeAll
    static void importClasses() {
        production = new ClassFileImporter()
                .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
                .importPackages("io.fulcrum");
        assertThat(production.size()).as("production classes found").isGreaterThan(20);
    }

    @Test
    void everyImportFollowsThePackageArrows() {
        assertThat(PackageArrows.violations(production, "io.fulcrum")).isEmpty();
    }

    @Test
    void theArrowCheckCatchesAForbiddenImport() {
        // fixture: ipvs may use only common, but fixture.ipvs.Table uses fixture.config.Parsed
        JavaClasses fixture = new ClassFileImporter().importPackages("io.fulcrum.arch.fixture");
        assertThat(PackageArrows.violations(fixture, "io.fulcrum.arch.fixture"))
                .isNotEmpty().allMatch(v -> v.startsWith("ipvs -> config:"));
    }

    @Test
    void onlyNativeioTouchesTheForeignFunctionApi() {
        noClasses().that().resideOutsideOfPackages("io.fulcrum.nativeio..", "io.fulcrum.dataplane.packet..")
                .should().dependOnClassesThat().resideInAPackage("java.lang.foreign..")
                .check(production);
    }

    /** The packet engine reads and rewrites frames in place through MemorySegment, but makes no native call. */
    @Test
    void thePacketEngineOnlyReadsAndWritesMemory() {
        noClasses().that().resideInAPackage("io.fulcrum.dataplane.packet..")
                .should().dependOnClassesThat(com.tngtech.archunit.base.DescribedPredicate.describe(
                        "java.lang.foreign other than MemorySegment and ValueLayout",
                        c -> c.getPackageName().equals("java.lang.foreign")
                                && !c.getName().startsWith("java.lang.foreign.MemorySegment")
                                && !c.getName().startsWith("java.lang.foreign.ValueLayout")))
                .allowEmptyShould(true) // until the package has classes
                .check(production);
    }

    @Test
    void domainCodeTakesTimeFromAnInjectedClock() {
        noClasses().that().resideInAnyPackage("io.fulcrum.config..", "io.fulcrum.ipvs..", "io.fulcrum.vrrp..",
                        "io.fulcrum.check..", "io.fulcrum.notify..", "io.fulcrum.common..")
                .should().callMethod(System.class, "nanoTime")
                .orShould().callMethod(System.class, "currentTimeMillis")
                .orShould().callMethod(Instant.class, "now")
                .orShould().callMethod(LocalDateTime.class, "now")
                .orShould().callMethod(Thread.class, "sleep", long.class)
                .allowEmptyShould(true)
                .check(production);
    }

    @Test
    void noStaticMutableFields() {
        fields().that().areDeclaredInClassesThat().resideInAPackage("io.fulcrum..")
                .and().areStatic()
                .should().haveModifier(JavaModifier.FINAL)
                .allowEmptyShould(true)
                .check(production);
    }
}

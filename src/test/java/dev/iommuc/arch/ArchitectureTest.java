package dev.iommuc.arch;

import com.tngtech.archunit.core.importer.ImportOption;
import com.tngtech.archunit.junit.AnalyzeClasses;
import com.tngtech.archunit.junit.ArchTest;
import com.tngtech.archunit.lang.ArchRule;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.dependencies.SlicesRuleDefinition.slices;

/** The boundaries of SPEC §1 and house-style.md, enforced on the compiled classes. */
@AnalyzeClasses(packages = "dev.iommuc", importOptions = ImportOption.DoNotIncludeTests.class)
class ArchitectureTest {

    @ArchTest
    static final ArchRule runtimeIsALibrary = noClasses().that().resideInAPackage("dev.iommuc.runtime..")
            .should().dependOnClassesThat().resideInAnyPackage(
                    "dev.iommuc.cli..", "dev.iommuc.parse..", "dev.iommuc.grammar..", "dev.iommuc.cpp..",
                    "dev.iommuc.pipeline..", "dev.iommuc.dtb..", "dev.iommuc.dts..", "org.antlr..",
                    "org.yaml..", "org.apache.commons.cli..")
            .because("the runtime takes a Plan and returns results; it never sees the parser, the CLI or YAML")
            .allowEmptyShould(true);

    @ArchTest
    static final ArchRule generatedParserOnlyFromParse = noClasses()
            .that().resideOutsideOfPackages("dev.iommuc.parse..", "dev.iommuc.grammar..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.iommuc.grammar..", "org.antlr..")
            .because("only the parser facade touches ANTLR and the generated parser");

    @ArchTest
    static final ArchRule commonsCliOnlyInCli = noClasses().that().resideOutsideOfPackage("dev.iommuc.cli..")
            .should().dependOnClassesThat().resideInAPackage("org.apache.commons.cli..")
            .because("command-line parsing belongs to the CLI");

    @ArchTest
    static final ArchRule modelIsIndependentOfStages = noClasses().that().resideInAPackage("dev.iommuc.model..")
            .should().dependOnClassesThat().resideInAnyPackage("dev.iommuc.parse..", "dev.iommuc.cpp..",
                    "dev.iommuc.cli..", "dev.iommuc.pipeline..", "dev.iommuc.dtb..", "dev.iommuc.dts..")
            .because("the live tree is shared by every stage and depends on none of them");

    @ArchTest
    static final ArchRule noCycles = slices().matching("dev.iommuc.(*)..").should().beFreeOfCycles();
}

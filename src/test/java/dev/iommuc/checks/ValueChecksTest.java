package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class ValueChecksTest {

    @ParameterizedTest
    @CsvSource({"device_type_is_string, device_type", "model_is_string, model", "status_is_string, status",
            "label_is_string, label"})
    void mustBeOneString(String check, String prop) {
        one(check(tree(root(node("n", prop(prop, str("a", "b")))))), check, Severity.WARNING, "/n:" + prop,
                "property is not a string");
        one(check(tree(root(node("n", prop(prop))))), check, Severity.WARNING, "/n:" + prop,
                "property is not a string");
        one(check(tree(root(node("n", prop(prop, cells(1)))))), check, Severity.WARNING, "/n:" + prop,
                "property is not a string");
        none(check(tree(root(node("n", prop(prop, str("okay")))))), check);
    }

    @ParameterizedTest
    @CsvSource({"address_cells_is_cell, #address-cells", "size_cells_is_cell, #size-cells",
            "iommus_is_cell, #iommu-cells", "clocks_is_cell, #clock-cells",
            "interrupts_extended_is_cell, #interrupt-cells", "msi_parent_is_cell, #msi-cells"})
    void mustBeOneCell(String check, String prop) {
        one(check(tree(root(node("n", prop(prop, cells(1, 2)))))), check, Severity.WARNING, "/n:" + prop,
                "property is not a single cell");
        one(check(tree(root(node("n", prop(prop))))), check, Severity.WARNING, "/n:" + prop,
                "property is not a single cell");
        none(check(tree(root(node("n", prop(prop, cells(1)))))), check);
    }

    @Test
    void compatibleIsStringList() {
        List<Diagnostic> ds = check(tree(root(node("n", prop("compatible", bytes('a', 0, 'b'))))));
        one(ds, "compatible_is_string_list", Severity.WARNING, "/n:compatible", "property is not a string list");
        none(check(tree(root(node("n", prop("compatible", str("a", "", "b")))))), "compatible_is_string_list");
        none(check(tree(root(node("n", prop("compatible"))))), "compatible_is_string_list");
    }

    @Test
    void namesIsStringListCoversEveryDashNamesProperty() {
        List<Diagnostic> ds = check(tree(root(node("n", prop("clock-names", str("a")),
                prop("reg-names", cells(1)), prop("dma-names", bytes('x')), prop("names", cells(1))))));
        assertEquals(List.of("warning names_is_string_list /n:reg-names: property is not a string list",
                "warning names_is_string_list /n:dma-names: property is not a string list"),
                lines(ds, "names_is_string_list"));
    }

    @Test
    void chosenChecks() {
        List<Diagnostic> ds = check(tree(root(
                node("chosen", prop("interrupt-controller"), prop("bootargs", cells(1)),
                        prop("linux,stdout-path", cells(2))),
                node("soc", node("chosen")))));
        one(ds, "obsolete_chosen_interrupt_controller", Severity.WARNING, "/:interrupt-controller",
                "/chosen has obsolete \"interrupt-controller\" property");
        one(ds, "chosen_node_is_root", Severity.WARNING, "/soc/chosen", "chosen node must be at root node");
        one(ds, "chosen_node_bootargs", Severity.WARNING, "/chosen:bootargs", "property is not a string");
        assertEquals(List.of("warning chosen_node_stdout_path /chosen:linux,stdout-path: Use 'stdout-path' instead",
                "warning chosen_node_stdout_path /chosen:linux,stdout-path: property is not a string"),
                lines(ds, "chosen_node_stdout_path"));
    }

    @Test
    void goodChosenIsClean() {
        clean(check(tree(root(node("chosen", prop("bootargs", str("console=ttyS0")),
                prop("stdout-path", str("serial0:115200n8")))))));
    }
}

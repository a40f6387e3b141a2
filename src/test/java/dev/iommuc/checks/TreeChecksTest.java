package dev.iommuc.checks;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

class TreeChecksTest {

    private static DeviceTree errorAndWarning() {
        return tree(root(node("a"), node("a"), node("b@1")));
    }

    @Test
    void reportsEverythingByDefault() {
        assertEquals(List.of("error duplicate_node_names /a: Duplicate node name",
                        "warning unit_address_vs_reg /b@1: node has a unit name, but no reg or ranges property"),
                lines(check(errorAndWarning())));
    }

    @Test
    void dtcModeStopsAfterTheFirstFailingErrorCheck() {
        // dtc 1.6.1 on the same tree prints only the duplicate_node_names error
        assertEquals(List.of("error duplicate_node_names /a: Duplicate node name"),
                lines(check(errorAndWarning(), TreeChecks.Options.DTC)));
    }

    @Test
    void returnsWhetherAnErrorLevelCheckFailed() {
        assertTrue(TreeChecks.run(errorAndWarning(), new Diagnostics()));
        assertFalse(TreeChecks.run(tree(root(node("b@1"))), new Diagnostics()));
        CheckLevels l = new CheckLevels();
        CheckRegistry.applyOption(l, "unit_address_vs_reg", true);
        assertTrue(TreeChecks.run(tree(root(node("b@1"))), new Diagnostics(l)));
    }

    @Test
    void levelOptionsApply() {
        DeviceTree t = tree(root(node("b@1"), node("c@2")));
        assertEquals(List.of(), lines(check(t, "W:no-unit_address_vs_reg")));
        List<Diagnostic> ds = check(t, "E:unit_address_vs_reg");
        assertEquals(2, ds.size());
        assertTrue(ds.stream().allMatch(d -> d.severity() == Severity.ERROR));
    }

    @Test
    void aDisabledPrerequisiteStillRunsSilentlyAndItsFailureSkipsTheDependent() {
        DeviceTree t = tree(root(prop("#address-cells", cells(1, 2)), node("a@1", prop("reg", cells(1, 2, 3)))));
        CheckLevels l = new CheckLevels();
        l.set("no-address_cells_is_cell", false); // only this one, without dtc's propagation
        Diagnostics d = new Diagnostics(l);
        TreeChecks.run(t, d);
        List<String> got = lines(d.all());
        assertFalse(got.stream().anyMatch(s -> s.contains("address_cells_is_cell /")), got::toString);
        assertTrue(got.contains("warning addr_size_cells : Failed prerequisite 'address_cells_is_cell'"), got::toString);
        assertTrue(got.contains("warning reg_format : Failed prerequisite 'addr_size_cells'"), got::toString);
    }

    @Test
    void aPrerequisiteFailureIsGlobal() {
        // one bad reg anywhere turns simple_bus_reg off for the whole tree, as in dtc
        Node r = root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("soc", prop("compatible", str("simple-bus")), prop("#address-cells", cells(1)),
                        prop("#size-cells", cells(1)), prop("ranges"),
                        node("uart@10", prop("reg", cells(0x20, 4)))),
                node("x@1", prop("reg", cells(1))));
        List<Diagnostic> ds = check(tree(r));
        one(ds, "simple_bus_reg", Severity.WARNING, "", "Failed prerequisite 'reg_format'");
    }

    @Test
    void fixupFailuresAreReadFromTheSink() {
        Diagnostics d = new Diagnostics();
        d.error("phandle_references", SourcePos.of("t.dts", 3, 1), "/dev",
                "Reference to non-existent node or label \"nope\"");
        TreeChecks.run(tree(root(node("dev", prop("iommus", cells("&nope", 1))))), d);
        one(d.all(), "iommus_property", Severity.WARNING, "", "Failed prerequisite 'phandle_references'");
        // the fixup itself is not re-reported, nor are its own prerequisites' statuses invented
        assertEquals(1, of(d.all(), "phandle_references").size());
    }

    @Test
    void tombstonesAreIgnored() {
        Node bad = node("bad$name", prop("reg", cells(1)), node("x"));
        Property gone = prop("foo@bar", cells(1));
        Node r = root(bad, node("ok", gone));
        bad.delete();
        gone.setDeleted(true);
        clean(check(tree(r)));
    }

    @Test
    void bigCleanTreeHasNoFindings() {
        // ~10k nodes in the shape of a real SoC: one simple-bus with many devices, each a consumer
        List<Object> devs = new ArrayList<>(List.of(prop("compatible", str("simple-bus")),
                prop("#address-cells", cells(1)), prop("#size-cells", cells(1)), prop("ranges")));
        devs.add(node("iommu@100", lbl("smmu"), prop("reg", cells(0x100, 0x10)), prop("#iommu-cells", cells(1))));
        devs.add(node("clk@200", lbl("clk"), prop("reg", cells(0x200, 0x10)), prop("#clock-cells", cells(1))));
        for (int i = 1; i <= 5000; i++) {
            int a = 0x10000 * i;
            devs.add(node("dev@" + Integer.toHexString(a), lbl("d" + i), prop("compatible", str("v,dev")),
                    prop("reg", cells(a, 0x1000)), prop("iommus", cells("&smmu", i)), prop("clocks", cells("&clk", i)),
                    prop("clock-names", str("core")), prop("status", str("okay")),
                    node("sub", prop("v,x", cells(1)))));
        }
        DeviceTree t = tree(root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("soc", devs.toArray())));
        // a big, clean tree yields no findings (speed is measured by the corpus bench, not asserted here)
        clean(check(t));
    }
}

package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class AddressChecksTest {

    private static Node cells11(Object... items) {
        Object[] all = new Object[items.length + 2];
        all[0] = prop("#address-cells", cells(1));
        all[1] = prop("#size-cells", cells(1));
        System.arraycopy(items, 0, all, 2, items.length);
        return root(all);
    }

    /** The same tree through dtc 1.6.1 gave exactly these lines, in this order. */
    @Test
    void matchesDtcOnAddressingSample() {
        Node r = cells11(prop("reg", cells(0, 1)), prop("ranges"),
                node("a", prop("reg", cells(0, 4))),
                node("b@1"),
                node("c@2", prop("ranges")),
                node("d@3", prop("#address-cells", cells(2)), prop("#size-cells", cells(1)), prop("ranges"),
                        prop("reg", cells(3, 1))),
                node("e@4", prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                        prop("ranges", cells(0, 0)), prop("dma-ranges", cells(0, 0)), prop("reg", cells(4, 1))),
                node("f@0x10", prop("reg", cells(0x10, 1))),
                node("g@010", prop("reg", cells(0x10, 1))),
                node("h@20", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                        prop("reg", cells(0x20, 1)), node("x")),
                node("u@30", prop("reg", cells(0x30, 1))),
                node("v@30", prop("reg", cells(0x30, 1)), prop("status", str("disabled"))),
                node("w", node("q@1", prop("reg", cells(1)))),
                node("fragment@0", node("__overlay__")));
        assertEquals(List.of(
                "warning reg_format /: Root node has a \"reg\" property",
                "warning reg_format /w/q@1:reg: property has invalid length (4 bytes) (#address-cells == 2, #size-cells == 1)",
                "warning ranges_format /:ranges: Root node has a \"ranges\" property",
                "warning ranges_format /c@2:ranges: empty \"ranges\" property but its #address-cells (2) differs from / (1)",
                "warning ranges_format /d@3:ranges: empty \"ranges\" property but its #address-cells (2) differs from / (1)",
                "warning ranges_format /e@4:ranges: \"ranges\" property has invalid length (8 bytes) (parent #address-cells == 1, child #address-cells == 1, #size-cells == 1)",
                "warning dma_ranges_format /e@4:dma-ranges: \"dma-ranges\" property has invalid length (8 bytes) (parent #address-cells == 1, child #address-cells == 1, #size-cells == 1)",
                "warning unit_address_vs_reg /: node has a reg or ranges property, but no unit name",
                "warning unit_address_vs_reg /a: node has a reg or ranges property, but no unit name",
                "warning unit_address_vs_reg /b@1: node has a unit name, but no reg or ranges property",
                "warning unit_address_vs_reg /c@2: node has a unit name, but no reg or ranges property",
                "warning unit_address_format /f@0x10: unit name should not have leading \"0x\"",
                "warning unit_address_format /g@010: unit name should not have leading 0s",
                "warning pci_device_reg : Failed prerequisite 'reg_format'",
                "warning pci_device_bus_num : Failed prerequisite 'reg_format'",
                "warning simple_bus_reg : Failed prerequisite 'reg_format'",
                "warning i2c_bus_reg : Failed prerequisite 'reg_format'",
                "warning spi_bus_reg : Failed prerequisite 'reg_format'",
                "warning avoid_default_addr_size /w/q@1: Relying on default #address-cells value",
                "warning avoid_default_addr_size /w/q@1: Relying on default #size-cells value",
                "warning avoid_unnecessary_addr_size : Failed prerequisite 'avoid_default_addr_size'",
                "warning unique_unit_address : Failed prerequisite 'avoid_default_addr_size'"),
                lines(check(tree(r))));
    }

    @Test
    void regFormatPositionsAndEmptyReg() {
        List<Diagnostic> ds = check(tree(cells11(node("a@0", prop("reg")), node("b@0", prop("reg", cells(0, 4))))));
        Diagnostic d = one(ds, "reg_format", Severity.WARNING, "/a@0:reg", "property is empty");
        assertEquals(6, d.pos().line()); // the property's line, not the node's (5)
        assertEquals(2, d.pos().col());
    }

    @Test
    void zeroCellsOnlyAllowEmptyReg() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(0)), prop("#size-cells", cells(0)),
                node("a", prop("reg", cells(1))))));
        one(ds, "reg_format", Severity.WARNING, "/a:reg",
                "property has invalid length (4 bytes) (#address-cells == 0, #size-cells == 0)");
    }

    @Test
    void badCellCountsSkipTheAddressChecks() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1, 1)), prop("#size-cells", cells(1)),
                node("a", prop("reg", cells(1))))));
        one(ds, "address_cells_is_cell", Severity.WARNING, "/:#address-cells", "property is not a single cell");
        one(ds, "addr_size_cells", Severity.WARNING, "", "Failed prerequisite 'address_cells_is_cell'");
        one(ds, "reg_format", Severity.WARNING, "", "Failed prerequisite 'addr_size_cells'");
    }

    @Test
    void unitAddressVsRegHasNoPrerequisites() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1, 1)), node("a", prop("reg", cells(1))))));
        one(ds, "unit_address_vs_reg", Severity.WARNING, "/a", "node has a reg or ranges property, but no unit name");
    }

    @Test
    void avoidUnnecessaryAddrSize() {
        List<Diagnostic> ds = check(tree(cells11(node("a", prop("#address-cells", cells(1)),
                prop("#size-cells", cells(0)), node("x")))));
        one(ds, "avoid_unnecessary_addr_size", Severity.WARNING, "/a",
                "unnecessary #address-cells/#size-cells without \"ranges\", \"dma-ranges\" or child \"reg\" or"
                        + " \"ranges\" property");
        // exempt: ranges, dma-ranges, a child with reg or ranges, no children, only one of the two cell props
        none(check(tree(cells11(node("a", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                prop("dma-ranges"), node("x"))))), "avoid_unnecessary_addr_size");
        none(check(tree(cells11(node("a", prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("x", prop("ranges")))))), "avoid_unnecessary_addr_size");
        none(check(tree(cells11(node("a", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)))))),
                "avoid_unnecessary_addr_size");
        none(check(tree(cells11(node("a", prop("#address-cells", cells(1)), node("x"))))),
                "avoid_unnecessary_addr_size");
    }

    @Test
    void uniqueUnitAddressReportsTheEarlierNode() {
        List<Diagnostic> ds = check(tree(cells11(node("a@1", prop("reg", cells(1, 1))),
                node("b@1", prop("reg", cells(1, 1))), node("c@1", prop("reg", cells(1, 1))))));
        assertEquals(List.of(
                "warning unique_unit_address /a@1: duplicate unit-address (also used in node /b@1)",
                "warning unique_unit_address /a@1: duplicate unit-address (also used in node /c@1)",
                "warning unique_unit_address /b@1: duplicate unit-address (also used in node /c@1)"),
                lines(ds, "unique_unit_address"));
    }

    @Test
    void uniqueUnitAddressNeedsBothCellProperties() {
        // unique_unit_address compares names only, so children without reg keep other checks quiet
        none(check(tree(cells11(node("bus", prop("#address-cells", cells(1)), node("a@1"), node("b@1"))))),
                "unique_unit_address");
        one(check(tree(cells11(node("bus", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                node("a@1"), node("b@1"))))), "unique_unit_address", Severity.WARNING, "/bus/a@1",
                "duplicate unit-address (also used in node /bus/b@1)");
    }

    @Test
    void uniqueUnitAddressIfEnabledIsOffAndIgnoresDisabledNodes() {
        Node r = cells11(node("a@1", prop("reg", cells(1, 1)), prop("status", str("disabled"))),
                node("b@1", prop("reg", cells(1, 1))), node("c@2", prop("reg", cells(2, 1)), prop("status", str("fail"))),
                node("d@2", prop("reg", cells(2, 1))));
        none(check(tree(r)), "unique_unit_address_if_enabled");
        List<Diagnostic> ds = check(tree(r), "W:unique_unit_address_if_enabled");
        assertEquals(List.of("warning unique_unit_address_if_enabled /c@2: duplicate unit-address (also used in node /d@2)"),
                lines(ds, "unique_unit_address_if_enabled"));
    }

    @Test
    void unitAddressFormatIsSkippedUnderSimpleBus() {
        Node r = cells11(node("bus@0", prop("compatible", str("simple-bus")), prop("#address-cells", cells(1)),
                prop("#size-cells", cells(1)), prop("ranges"), prop("reg", cells(0, 1)),
                node("x@0010", prop("reg", cells(0x10, 1)))));
        List<Diagnostic> ds = check(tree(r));
        none(ds, "unit_address_format");
        one(ds, "simple_bus_reg", Severity.WARNING, "/bus@0/x@0010", "simple-bus unit address format error, expected \"10\"");
    }

    @Test
    void mergedNodesCarryAlsoDefinedAtNotes() {
        Node a = node("a", prop("reg", cells(0, 4)));
        dev.iommuc.model.DeviceTree dt = tree(cells11(a));
        a.positions().add(dev.iommuc.diag.SourcePos.of("board.dts", 40, 1));
        Diagnostic d = one(check(dt), "unit_address_vs_reg", Severity.WARNING, "/a",
                "node has a reg or ranges property, but no unit name");
        assertEquals(List.of(new Diagnostic.Note(dev.iommuc.diag.SourcePos.of("board.dts", 40, 1),
                "also defined at board.dts:40:1")), d.notes());
    }
}

package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class PhandleArgsCheckTest {

    /** The tree of ph.dts, checked with dtc 1.6.1; the expected lines are its output. */
    @Test
    void matchesDtcOnConsumerSample() {
        Node r = root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("iommu@1000", lbl("smmu"), prop("reg", cells(0x1000, 0x100)), prop("#iommu-cells", cells(1))),
                node("iommu@2000", lbl("nocells"), prop("reg", cells(0x2000, 0x100))),
                node("iommu@3000", lbl("wide"), prop("reg", cells(0x3000, 0x100)), prop("#iommu-cells", cells(2))),
                node("msi@4000", lbl("its"), prop("reg", cells(0x4000, 0x100))),
                node("gpio@5000", lbl("gpio"), prop("reg", cells(0x5000, 0x100)), prop("#gpio-cells", cells(2)),
                        prop("gpio-controller")),
                node("d1@10000", prop("reg", cells(0x10000, 1)), prop("iommus", cells("&wide", 0x10))),
                node("d2@11000", prop("reg", cells(0x11000, 1)), prop("iommus", cells("&nocells", 0x10))),
                node("d3@12000", prop("reg", cells(0x12000, 1)), prop("iommus", cells(1, 0x10))),
                node("d4@13000", prop("reg", cells(0x13000, 1)), prop("iommus", cells(99, 0x10))),
                node("d5@14000", prop("reg", cells(0x14000, 1)),
                        prop("iommus", cells(0, "&smmu", 0x11, 0xffffffffL, "&smmu", 0x12))),
                node("d6@15000", prop("reg", cells(0x15000, 1)), prop("iommus", bytes(0, 0, 0))),
                node("d7@16000", prop("reg", cells(0x16000, 1)), prop("msi-parent", cells("&its")),
                        prop("iommus", cells("&smmu", 1, "&wide", 2, 3))),
                node("d8@17000", prop("reg", cells(0x17000, 1)), prop("reset-gpios", cells("&gpio", 1, 0)),
                        prop("enable-gpio", cells("&gpio", 2)), prop("snps,nr-gpios", cells(4)),
                        prop("gpios", cells("&gpio", 1, 2, "&gpio"))),
                node("hog", prop("gpio-hog"), prop("gpios", cells(1, 2))));
        List<Diagnostic> ds = check(tree(r), "W:deprecated_gpio_property");
        assertEquals(List.of(
                "warning iommus_property /d1@10000:iommus: property size (8) too small for cell size 2",
                "warning iommus_property /d2@11000: Missing property '#iommu-cells' in node /iommu@2000 or bad phandle (referred from iommus[0])",
                "warning iommus_property /d3@12000:iommus: cell 0 is not a phandle reference",
                "warning iommus_property /d3@12000:iommus: property size (8) too small for cell size 2",
                "warning iommus_property /d4@13000:iommus: cell 0 is not a phandle reference",
                "warning iommus_property /d4@13000:iommus: Could not get phandle node for (cell 0)",
                "warning iommus_property /d6@15000:iommus: property size (3) is invalid, expected multiple of 4",
                "warning deprecated_gpio_property /d8@17000:enable-gpio: '[*-]gpio' is deprecated, use '[*-]gpios' instead",
                "warning gpios_property /d8@17000:enable-gpio: property size (8) too small for cell size 2",
                "warning gpios_property /d8@17000:gpios: property size (16) too small for cell size 2"),
                lines(ds));
        // "Missing property" is about the node (its line), the others about the property
        assertEquals(List.of(26, 28, 34, 34, 38, 38, 46),
                of(ds, "iommus_property").stream().map(d -> d.pos().line()).toList());
    }

    static Stream<PhandleArgsCheck> pairs() {
        return PhandleArgsCheck.PAIRS.stream();
    }

    private static Node provider(PhandleArgsCheck p, Object... cellsProp) {
        return cellsProp.length == 0 ? node("p", lbl("p"))
                : node("p", lbl("p"), prop(p.cells(), cells(cellsProp)));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void eachPairAcceptsAWellFormedList(PhandleArgsCheck p) {
        List<Diagnostic> ds = check(tree(root(provider(p, 2), node("c", prop(p.prop(), cells("&p", 1, 2, "&p", 3, 4))))));
        none(ds, p.propertyCheckId());
        none(ds, p.isCellCheckId());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void eachPairReportsShortEntriesAndMissingCells(PhandleArgsCheck p) {
        one(check(tree(root(provider(p, 2), node("c", prop(p.prop(), cells("&p", 1)))))), p.propertyCheckId(),
                Severity.WARNING, "/c:" + p.prop(), "property size (8) too small for cell size 2");
        List<Diagnostic> ds = check(tree(root(provider(p), node("c", prop(p.prop(), cells("&p", 1))))));
        if (p.optional()) {
            // msi-parent: no #msi-cells means no arguments, so the 1 is read as the next phandle
            // (which happens to be /p's) and flagged as a plain number
            assertEquals(List.of("warning msi_parent_property /c:msi-parent: cell 1 is not a phandle reference"),
                    lines(ds, p.propertyCheckId()));
        } else {
            one(ds, p.propertyCheckId(), Severity.WARNING, "/c", "Missing property '" + p.cells()
                    + "' in node /p or bad phandle (referred from " + p.prop() + "[0])");
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("pairs")
    void badCellsPropertySkipsThePropertyCheck(PhandleArgsCheck p) {
        List<Diagnostic> ds = check(tree(root(provider(p, 1, 1), node("c", prop(p.prop(), cells("&p")))),
                false));
        one(ds, p.isCellCheckId(), Severity.WARNING, "/p:" + p.cells(), "property is not a single cell");
        one(ds, p.propertyCheckId(), Severity.WARNING, "", "Failed prerequisite '" + p.isCellCheckId() + "'");
    }

    @Test
    void iommusPointsAtTheProperty() {
        Diagnostic d = one(check(tree(root(node("smmu", lbl("smmu"), prop("#iommu-cells", cells(1))),
                        node("dev", prop("iommus", cells("&smmu")))))),
                "iommus_property", Severity.WARNING, "/dev:iommus", "property size (4) too small for cell size 1");
        assertEquals(TestTrees.FILE, d.pos().file());
        assertEquals(7, d.pos().line());
    }

    @Test
    void dtbValuesHaveNoMarkersSoNumbersAreTrusted() {
        Node smmu = node("smmu", prop("#iommu-cells", cells(1)));
        dev.iommuc.model.DeviceTree dt = tree(root(smmu, node("dev", prop("iommus", raw(7, 0x10)))));
        smmu.setPhandle(7);
        none(check(dt), "iommus_property");
    }

    @Test
    void overlaysStopAtAnUnresolvedPhandle() {
        // in a plugin an unresolved reference is 0xffffffff; dtc gives up on the rest of the list
        Node r = root(node("smmu", lbl("smmu"), prop("#iommu-cells", cells(1))),
                node("dev", prop("iommus", cells(0xffffffffL, 1, "&smmu", 2, 3))));
        none(check(tree(r, true)), "iommus_property");
        // outside a plugin 0xffffffff is a hole and the walk goes on through the plain numbers
        assertEquals(List.of("warning iommus_property /dev:iommus: cell 1 is not a phandle reference",
                "warning iommus_property /dev:iommus: cell 3 is not a phandle reference",
                "warning iommus_property /dev:iommus: Could not get phandle node for (cell 3)"),
                lines(check(tree(r, false)), "iommus_property"));
    }

    @Test
    void hugeCellCountsNeitherOverflowNorHang() {
        Node r = root(node("p", lbl("p"), prop("#iommu-cells", cells(0xffffffffL))),
                node("q", lbl("q"), prop("#iommu-cells", cells(0x3fffffff))),
                node("a", prop("iommus", cells(0, "&p", 1))),
                node("b", prop("iommus", cells("&q", 1))));
        assertEquals(List.of(
                "warning iommus_property /a:iommus: property size (12) too small for cell size 4294967295",
                "warning iommus_property /b:iommus: property size (8) too small for cell size 1073741823"),
                lines(check(tree(r)), "iommus_property"));
    }

    @Test
    void gpioPropertyNames() {
        assertEquals(List.of(true, true, true, true, false, false, false),
                Stream.of("gpios", "gpio", "reset-gpios", "cs-gpio", "snps,nr-gpios", "ngpios", "gpio-line-names")
                        .map(PhandleArgsCheck::isGpioProperty).toList());
    }

    @Test
    void failedPhandleFixupSkipsConsumerChecks() {
        Node r = root(node("dev", prop("iommus", cells("&missing", 1)), prop("cs-gpios", cells("&missing"))));
        List<Diagnostic> ds = check(tree(r), new TreeChecks.Options(Set.of("phandle_references"), false));
        one(ds, "iommus_property", Severity.WARNING, "", "Failed prerequisite 'phandle_references'");
        one(ds, "gpios_property", Severity.WARNING, "", "Failed prerequisite 'phandle_references'");
        none(ds, "iommus_is_cell");
    }
}

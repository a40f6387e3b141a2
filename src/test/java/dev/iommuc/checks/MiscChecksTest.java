package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

class MiscChecksTest {

    /**
     * irq.dts through dtc 1.6.1, with the lines 1.8.1 changed: interrupt_provider's new wording and its
     * "not an interrupt provider" case, interrupt_map (new), graph_child_address (removed).
     */
    @Test
    void matchesDtcOnInterruptAliasGraphSample() {
        Node r = root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                prop("interrupt-parent", cells("&gic")),
                node("interrupt-controller@1000", lbl("gic"), prop("reg", cells(0x1000, 0x100)),
                        prop("interrupt-controller"), prop("#interrupt-cells", cells(3)), prop("#address-cells", cells(0))),
                node("thing@2000", lbl("notctl"), prop("reg", cells(0x2000, 0x100))),
                node("ctl@3000", lbl("nocells"), prop("reg", cells(0x3000, 0x100)), prop("interrupt-controller")),
                node("a@4000", prop("reg", cells(0x4000, 0x100)), prop("interrupts", cells(0, 1, 4))),
                node("b@5000", prop("reg", cells(0x5000, 0x100)), prop("interrupts", cells(0, 1))),
                node("c@6000", prop("reg", cells(0x6000, 0x100)), prop("interrupt-parent", cells("&notctl")),
                        prop("interrupts", cells(1))),
                node("d@7000", prop("reg", cells(0x7000, 0x100)), prop("interrupt-parent", cells(0)),
                        prop("interrupts", cells(1))),
                node("e@8000", prop("reg", cells(0x8000, 0x100)), prop("interrupt-parent", cells(77)),
                        prop("interrupts", cells(1))),
                node("f@9000", prop("reg", cells(0x9000, 0x100)), prop("interrupts", bytes(0, 1))),
                node("extra@a000", prop("reg", cells(0xa000, 0x100)), prop("#interrupt-cells", cells(1))),
                node("aliases", prop("serial0", str("/a@4000")), prop("bad", str("/nope")), prop("Upper", str("/a@4000"))),
                node("dev@b000", prop("reg", cells(0xb000, 0x100)),
                        node("port", node("endpoint", lbl("ep"), prop("remote-endpoint", cells("&ep2"))))),
                node("other@c000", prop("reg", cells(0xc000, 0x100)),
                        node("ports", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                                node("port@1", prop("reg", cells(1)), prop("#address-cells", cells(1)),
                                        prop("#size-cells", cells(0)),
                                        node("endpoint@0", lbl("ep2"), prop("reg", cells(0)),
                                                prop("remote-endpoint", cells("&ep3")))))),
                node("x@d000", prop("reg", cells(0xd000, 0x100)),
                        node("p", node("endp", lbl("ep3"), prop("remote-endpoint", cells("&ep2"))))));
        assertEquals(List.of(
                "warning interrupts_property /b@5000:#interrupt-cells: size is (8), expected multiple of 12",
                "warning interrupts_property /thing@2000: Missing interrupt-controller or interrupt-map property",
                "warning interrupts_property /d@7000:interrupt-parent: Invalid phandle",
                "warning interrupts_property /d@7000: Missing interrupt-parent",
                "warning interrupts_property /e@8000:interrupt-parent: Bad phandle",
                "warning interrupts_property /f@9000:interrupts: size (2) is invalid, expected multiple of 4",
                "warning interrupts_property /f@9000:#interrupt-cells: size is (2), expected multiple of 12",
                "warning interrupt_provider /ctl@3000: Missing '#interrupt-cells' in interrupt provider",
                "warning interrupt_provider /extra@a000: '#interrupt-cells' found, but node is not an interrupt provider",
                "warning interrupt_map : Failed prerequisite 'interrupt_provider'",
                "warning alias_paths /aliases:bad: aliases property is not a valid node (/nope)",
                "warning alias_paths /aliases: aliases property name must include only lowercase and '-'",
                "warning graph_port /x@d000/p: graph port node name should be 'port'",
                "warning graph_endpoint /dev@b000/port/endpoint: graph connection to node '/other@c000/ports/port@1/endpoint@0' is not bidirectional",
                "warning graph_endpoint /x@d000/p/endp: graph endpoint node name should be 'endpoint'"),
                lines(check(tree(r))));
    }

    /** A PCI-style host: 3 address cells + 1 specifier cell per child, GIC parent with 3 cells, no address. */
    private static Node mapHost(Object... extra) {
        Object[] base = {prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("gic@0", lbl("gic"), prop("reg", cells(0, 1)), prop("interrupt-controller"),
                        prop("#interrupt-cells", cells(3)), prop("#address-cells", cells(0)))};
        Object[] all = new Object[base.length + extra.length];
        System.arraycopy(base, 0, all, 0, base.length);
        System.arraycopy(extra, 0, all, base.length, extra.length);
        return root(all);
    }

    private static Node host(String name, Object... props) {
        Object[] all = new Object[props.length + 3];
        all[0] = prop("reg", cells(1, 1));
        all[1] = prop("#interrupt-cells", cells(1));
        all[2] = prop("#size-cells", cells(2));
        System.arraycopy(props, 0, all, 3, props.length);
        return node(name, all);
    }

    @Test
    void interruptMapWellFormedIsClean() {
        List<Diagnostic> ds = check(tree(mapHost(host("pci@1", prop("#address-cells", cells(3)),
                prop("interrupt-map-mask", cells(0xf800, 0, 0, 7)),
                prop("interrupt-map", cells(0, 0, 0, 1, "&gic", 0, 10, 4, 0x800, 0, 0, 1, "&gic", 0, 11, 4))))));
        none(ds, "interrupt_map");
        none(ds, "interrupt_provider");
    }

    @Test
    void interruptMapShapes() {
        List<Diagnostic> ds = check(tree(mapHost(
                host("pci@1", prop("#address-cells", cells(3)), prop("interrupt-map-mask", cells(0xf800, 0)),
                        prop("interrupt-map", cells(0, 0, 0, 1, "&gic", 0, 10))),
                host("pci@2", prop("interrupt-map", cells(0, 0))),
                host("pci@3", prop("#address-cells", cells(1)), prop("interrupt-map", cells(0, 1, 0, 0, 0, 0))),
                host("pci@4", prop("#address-cells", cells(1)), prop("interrupt-map", cells(0, 1, "&self", 5))),
                node("self@5", lbl("self"), prop("reg", cells(5, 1)), prop("interrupt-controller"),
                        prop("#interrupt-cells", cells(1))))));
        assertEquals(List.of(
                "warning interrupt_map /pci@1:interrupt-map-mask: property size (8) is invalid, expected 16",
                "warning interrupt_map /pci@1:interrupt-map: property size (28) mismatch, expected 32",
                "warning interrupt_map /pci@2: Missing '#address-cells' in interrupt-map provider",
                "warning interrupt_map /pci@3:interrupt-map: Cell 2 is not a phandle(0)",
                "warning interrupt_map /pci@4:interrupt-map: Missing property '#address-cells' in node /self@5, using 0 as fallback"),
                lines(ds, "interrupt_map"));
    }

    @Test
    void aliasesInOverlaysMayNameBaseTreePaths() {
        Node r = root(node("aliases", prop("serial0", str("/soc/serial@1000"))));
        none(check(tree(r, true)), "alias_paths");
        one(check(tree(r, false)), "alias_paths", Severity.WARNING, "/aliases:serial0",
                "aliases property is not a valid node (/soc/serial@1000)");
    }

    @Test
    void graphRegMustMatchTheUnitAndParentCells() {
        Node r = root(node("dev", node("ports", prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("port@1", prop("reg", cells(2, 0)), node("endpoint")),
                node("port@3", prop("reg", cells(2)), node("endpoint")))));
        assertEquals(List.of(
                "warning graph_port /dev/ports/port@1: graph node malformed 'reg' property",
                "warning graph_port /dev/ports/port@3: graph node unit address error, expected \"2\"",
                "warning graph_port /dev/ports/port@3: graph node '#size-cells' is 1, must be 0"),
                lines(check(tree(r)), "graph_port"));
    }

    @Test
    void alwaysFailIsOffUnlessAsked() {
        none(check(tree(root())), "always_fail");
        one(check(tree(root()), "E:always_fail"), "always_fail", Severity.ERROR, "/", "always_fail check");
    }
}

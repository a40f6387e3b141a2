package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.Bus;
import dev.iommuc.model.Data;
import dev.iommuc.model.Property;

/**
 * The tail of dtc's table: interrupt wiring, {@code /aliases} and OF-graph checks. Prerequisites in
 * the registry guarantee what these read without checking (e.g. {@code #interrupt-cells} is one cell
 * whenever interrupt_map runs); reads past a value's end give 0 where dtc would read garbage.
 */
final class MiscChecks {

    private MiscChecks() {
    }

    private static boolean isInterruptProvider(NodeFacts n) {
        return n.prop("interrupt-controller") != null || n.prop("interrupt-map") != null;
    }

    /** Walks up to the interrupt parent and checks that the specifier length fits its #interrupt-cells. */
    static void interruptsProperty(CheckRun run, NodeFacts node) {
        TreeFacts t = run.tree();
        Property irq = node.prop("interrupts");
        if (irq == null) {
            return;
        }
        int len = irq.value().length();
        if (len % 4 != 0) {
            run.failProp(node, irq, "size (" + len + ") is invalid, expected multiple of 4");
        }
        NodeFacts irqNode = null;
        for (NodeFacts parent = node; parent != null; parent = parent.parent()) {
            if (parent != node && isInterruptProvider(parent)) {
                irqNode = parent;
                break;
            }
            Property ip = parent.prop("interrupt-parent");
            if (ip == null) {
                continue;
            }
            int phandle = CheckRun.cellAt(ip.value(), 0);
            if (phandle == 0 || phandle == -1) {
                if (t.plugin()) {
                    return; // an unresolved reference to the base tree
                }
                run.failProp(parent, ip, "Invalid phandle");
                break;
            }
            irqNode = t.byPhandle(phandle);
            if (irqNode == null) {
                run.failProp(parent, ip, "Bad phandle");
                return;
            }
            if (!isInterruptProvider(irqNode)) {
                run.fail(irqNode, "Missing interrupt-controller or interrupt-map property");
            }
            break;
        }
        if (irqNode == null) {
            run.fail(node, "Missing interrupt-parent");
            return;
        }
        Property cells = irqNode.prop("#interrupt-cells");
        if (cells == null) {
            return; // interrupt_provider reports that
        }
        int entry = CheckRun.cellAt(cells.value(), 0) * 4;
        if (!AddressChecks.isMultipleOf(len, entry)) {
            // dtc names the consumer node but the provider's property
            run.failProp(node, cells, "size is (" + len + "), expected multiple of " + entry);
        }
    }

    static void interruptProvider(CheckRun run, NodeFacts node) {
        boolean provider = isInterruptProvider(node);
        boolean cells = node.prop("#interrupt-cells") != null;
        if (provider && !cells) {
            run.fail(node, "Missing '#interrupt-cells' in interrupt provider");
        } else if (!provider && cells) {
            run.fail(node, "'#interrupt-cells' found, but node is not an interrupt provider");
        }
    }

    /** Entries: child unit address + child specifier, parent phandle, parent unit address + specifier. */
    static void interruptMap(CheckRun run, NodeFacts node) {
        TreeFacts t = run.tree();
        Property map = node.prop("interrupt-map");
        if (map == null) {
            return;
        }
        if (node.rawAddrCells() < 0) {
            run.fail(node, "Missing '#address-cells' in interrupt-map provider");
            return;
        }
        Property ic = node.prop("#interrupt-cells");
        long cellsize = node.addrCells() + (ic == null ? 0 : Integer.toUnsignedLong(CheckRun.cellAt(ic.value(), 0)));
        Property mask = node.prop("interrupt-map-mask");
        if (mask != null && mask.value().length() != cellsize * 4) {
            run.failProp(node, mask, "property size (" + mask.value().length() + ") is invalid, expected "
                    + cellsize * 4);
        }
        Data v = map.value();
        int len = v.length();
        if (len % 4 != 0) {
            run.failProp(node, map, "property size (" + len + ") is invalid, expected multiple of 4");
            return;
        }
        long mapCells = len / 4;
        for (long cell = 0; cell < mapCells; ) {
            if (cell + cellsize >= mapCells) {
                run.failProp(node, map, "property size (" + len + ") too small, expected > " + (cell + cellsize) * 4);
                break;
            }
            cell += cellsize;
            int phandle = v.cell((int) (4 * cell));
            if (phandle == 0 || phandle == -1) {
                if (!t.plugin()) {
                    run.failProp(node, map, "Cell " + cell + " is not a phandle(" + phandle + ")");
                }
                break;
            }
            NodeFacts provider = t.byPhandle(phandle);
            if (provider == null) {
                run.failProp(node, map, "Could not get phandle(" + phandle + ") node for (cell " + cell + ")");
                break;
            }
            Property pic = provider.prop("#interrupt-cells");
            if (pic == null) {
                run.fail(node, "Missing property '#interrupt-cells' in node " + provider.path()
                        + " or bad phandle (referred from interrupt-map[" + cell + "])");
                break;
            }
            long parentCells = Integer.toUnsignedLong(CheckRun.cellAt(pic.value(), 0));
            Property pac = provider.prop("#address-cells");
            if (pac != null) {
                parentCells += Integer.toUnsignedLong(CheckRun.cellAt(pac.value(), 0));
            } else {
                run.failProp(node, map, "Missing property '#address-cells' in node " + provider.path()
                        + ", using 0 as fallback");
            }
            cell += 1 + parentCells;
            if (cell > mapCells) {
                run.failProp(node, map, "property size (" + len + ") mismatch, expected " + cell * 4);
            }
        }
    }

    private static final NameChecks.CharClass ALIAS_CHARS =
            new NameChecks.CharClass("abcdefghijklmnopqrstuvwxyz0123456789-");

    static void aliasPaths(CheckRun run, NodeFacts node) {
        if (!node.name().equals("aliases")) {
            return;
        }
        TreeFacts t = run.tree();
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
            if (p.name().equals("phandle") || p.name().equals("linux,phandle")) {
                continue;
            }
            Data v = p.value();
            // overlays may alias paths that only exist in the base tree
            if (!t.plugin() && (v.length() == 0 || t.tree().nodeByPath(CheckRun.cString(v)) == null)) {
                run.failProp(node, p, "aliases property is not a valid node (" + (v.length() == 0 ? "(null)"
                        : CheckRun.cString(v)) + ")");
                continue;
            }
            if (NameChecks.span(p.name(), 0, ALIAS_CHARS) != p.name().length()) {
                run.fail(node, "aliases property name must include only lowercase and '-'");
            }
        }
    }

    // ---- OF graph ----

    /** A node with an endpoint child is a port; its parent is a ports container when so named or when the port has reg. */
    static void graphNodes(CheckRun run, NodeFacts node) {
        for (int i = 0; i < node.childCount(); i++) {
            NodeFacts c = node.childAt(i);
            if (!c.baseIs("endpoint") && c.prop("remote-endpoint") == null) {
                continue;
            }
            if (node.isRoot()) {
                run.fail(node, "root node contains endpoint node '" + c.name()
                        + "', potentially misplaced remote-endpoint property");
                continue;
            }
            node.setBus(Bus.GRAPH_PORT);
            if (node.parent().bus() == null
                    && (node.parent().name().equals("ports") || node.prop("reg") != null)) {
                node.parent().setBus(Bus.GRAPH_PORTS);
            }
            break;
        }
    }

    private static void graphReg(CheckRun run, NodeFacts node) {
        Property reg = node.prop("reg");
        if (reg == null) {
            return;
        }
        if (reg.value().length() != 4) {
            run.fail(node, "graph node malformed 'reg' property");
            return;
        }
        String expected = Integer.toHexString(reg.value().cell(0));
        if (!node.unit().equals(expected)) {
            run.fail(node, "graph node unit address error, expected \"" + expected + "\"");
        }
        int ac = node.parent().rawAddrCells();
        int sc = node.parent().rawSizeCells();
        if (ac != 1) {
            failPropOrNode(run, node, node.prop("#address-cells"), "graph node '#address-cells' is " + ac + ", must be 1");
        }
        if (sc != 0) {
            failPropOrNode(run, node, node.prop("#size-cells"), "graph node '#size-cells' is " + sc + ", must be 0");
        }
    }

    /** dtc FAIL_PROP with a property that may be absent behaves as FAIL. */
    private static void failPropOrNode(CheckRun run, NodeFacts node, Property p, String msg) {
        if (p != null) {
            run.failProp(node, p, msg);
        } else {
            run.fail(node, msg);
        }
    }

    static void graphPort(CheckRun run, NodeFacts node) {
        if (node.bus() != Bus.GRAPH_PORT) {
            return;
        }
        graphReg(run, node);
        if (!run.tree().plugin() && !node.baseIs("port")) {
            run.fail(node, "graph port node name should be 'port'");
        }
    }

    private static NodeFacts remoteEndpoint(CheckRun run, NodeFacts endpoint) {
        Property p = endpoint.prop("remote-endpoint");
        if (p == null) {
            return null;
        }
        int phandle = CheckRun.cellAt(p.value(), 0);
        if (phandle == 0 || phandle == -1) {
            return null;
        }
        NodeFacts n = run.tree().byPhandle(phandle);
        if (n == null) {
            run.failProp(endpoint, p, "graph phandle is not valid");
        }
        return n;
    }

    static void graphEndpoint(CheckRun run, NodeFacts node) {
        if (node.isRoot() || node.parent().bus() != Bus.GRAPH_PORT) {
            return;
        }
        graphReg(run, node);
        if (run.tree().plugin()) {
            return;
        }
        if (!node.baseIs("endpoint")) {
            run.fail(node, "graph endpoint node name should be 'endpoint'");
        }
        NodeFacts remote = remoteEndpoint(run, node);
        if (remote != null && remoteEndpoint(run, remote) != node) {
            run.fail(node, "graph connection to node '" + remote.path() + "' is not bidirectional");
        }
    }

    /** For testing the machinery: fails on every node. */
    static void alwaysFail(CheckRun run, NodeFacts node) {
        run.fail(node, "always_fail check");
    }
}

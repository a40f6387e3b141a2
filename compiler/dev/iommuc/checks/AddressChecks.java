package dev.iommuc.checks;

import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Addressing checks: {@code #address-cells}/{@code #size-cells} caching, {@code reg}/{@code ranges}
 * shapes, unit addresses. The defaults when a parent states no cell counts are 2 and 1 (dtc
 * node_addr_cells / node_size_cells).
 */
final class AddressChecks {

    private AddressChecks() {
    }

    /**
     * dtc fixup_addr_size_cells: never fails itself, but the checks below depend on it, so a bad
     * {@code #address-cells} anywhere (address_cells_is_cell) turns all of them off.
     */
    static void addrSizeCells(CheckRun run, NodeFacts node) {
        Property ac = node.prop("#address-cells");
        Property sc = node.prop("#size-cells");
        node.setCells(ac == null ? -1 : CheckRun.cellAt(ac.value(), 0),
                sc == null ? -1 : CheckRun.cellAt(sc.value(), 0));
    }

    static void regFormat(CheckRun run, NodeFacts node) {
        Property p = node.prop("reg");
        if (p == null) {
            return;
        }
        if (node.isRoot()) {
            run.fail(node, "Root node has a \"reg\" property");
            return;
        }
        int len = p.value().length();
        if (len == 0) {
            run.failProp(node, p, "property is empty");
        }
        int ac = node.parent().addrCells();
        int sc = node.parent().sizeCells();
        if (!isMultipleOf(len, (ac + sc) * 4)) {
            run.failProp(node, p, "property has invalid length (" + len + " bytes) (#address-cells == " + ac
                    + ", #size-cells == " + sc + ")");
        }
    }

    /** dtc is_multiple_of: a zero divisor only divides zero. */
    static boolean isMultipleOf(int multiple, int divisor) {
        return divisor == 0 ? multiple == 0 : multiple % divisor == 0;
    }

    /** ranges_format and dma_ranges_format: entries are child address + parent address + child size. */
    static Check.Body rangesFormat(String ranges) {
        return (run, node) -> {
            Property p = node.prop(ranges);
            if (p == null) {
                return;
            }
            if (node.isRoot()) {
                run.failProp(node, p, "Root node has a \"" + ranges + "\" property");
                return;
            }
            int pac = node.parent().addrCells();
            int psc = node.parent().sizeCells();
            int cac = node.addrCells();
            int csc = node.sizeCells();
            int len = p.value().length();
            if (len == 0) {
                String parent = node.parent().path();
                if (pac != cac) {
                    run.failProp(node, p, "empty \"" + ranges + "\" property but its #address-cells (" + cac
                            + ") differs from " + parent + " (" + pac + ")");
                }
                if (psc != csc) {
                    run.failProp(node, p, "empty \"" + ranges + "\" property but its #size-cells (" + csc
                            + ") differs from " + parent + " (" + psc + ")");
                }
            } else if (!isMultipleOf(len, (pac + cac + csc) * 4)) {
                run.failProp(node, p, "\"" + ranges + "\" property has invalid length (" + len
                        + " bytes) (parent #address-cells == " + pac + ", child #address-cells == " + cac
                        + ", #size-cells == " + csc + ")");
            }
        };
    }

    /** A unit address exactly when there is a {@code reg} or a non-empty {@code ranges}. */
    static void unitAddressVsReg(CheckRun run, NodeFacts node) {
        if (node.child("__overlay__") != null) {
            return; // overlay fragments are named fragment@N without reg, by design
        }
        Property p = node.prop("reg");
        if (p == null) {
            p = node.prop("ranges");
            if (p != null && p.value().length() == 0) {
                p = null;
            }
        }
        boolean hasUnit = node.hasUnit();
        if (p != null && !hasUnit) {
            run.fail(node, "node has a reg or ranges property, but no unit name");
        } else if (p == null && hasUnit) {
            run.fail(node, "node has a unit name, but no reg or ranges property");
        }
    }

    /**
     * Skipped under a parent whose bus type is known at this point. Only the PCI and simple-bus bridges
     * have run by then (they are prerequisites); the I2C/SPI ones come later in dtc's table, so their
     * children are still checked here, as in dtc.
     */
    static void unitAddressFormat(CheckRun run, NodeFacts node) {
        if (!node.isRoot() && node.parent().bus() != null) {
            return;
        }
        if (!node.hasUnit()) {
            return;
        }
        String unit = node.unit();
        if (unit.startsWith("0x")) {
            run.fail(node, "unit name should not have leading \"0x\"");
            unit = unit.substring(2);
        }
        if (unit.length() >= 2 && unit.charAt(0) == '0' && isHexDigit(unit.charAt(1))) {
            run.fail(node, "unit name should not have leading 0s");
        }
    }

    static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    static void avoidDefaultAddrSize(CheckRun run, NodeFacts node) {
        if (node.isRoot() || (node.prop("reg") == null && node.prop("ranges") == null)) {
            return;
        }
        if (node.parent().rawAddrCells() == -1) {
            run.fail(node, "Relying on default #address-cells value");
        }
        if (node.parent().rawSizeCells() == -1) {
            run.fail(node, "Relying on default #size-cells value");
        }
    }

    /** dtc 1.8 wording and rule (1.6.1 did not exempt dma-ranges or child ranges). */
    static void avoidUnnecessaryAddrSize(CheckRun run, NodeFacts node) {
        if (node.isRoot() || node.rawAddrCells() < 0 || node.rawSizeCells() < 0) {
            return;
        }
        if (node.prop("ranges") != null || node.prop("dma-ranges") != null || node.childCount() == 0) {
            return;
        }
        for (int i = 0; i < node.childCount(); i++) {
            NodeFacts c = node.childAt(i);
            if (c.prop("reg") != null || c.prop("ranges") != null) {
                return;
            }
        }
        run.fail(node, "unnecessary #address-cells/#size-cells without \"ranges\", \"dma-ranges\" or child"
                + " \"reg\" or \"ranges\" property");
    }

    /**
     * Siblings sharing a unit address, under a parent that states both cell counts. As dtc: for each
     * child, every earlier child with the same unit is reported, naming the later one.
     */
    private static final int PAIRWISE = 16;

    static Check.Body uniqueUnitAddress(boolean ifEnabled) {
        return (run, node) -> {
            int k = node.childCount();
            if (node.rawAddrCells() < 0 || node.rawSizeCells() < 0 || k < 2) {
                return;
            }
            if (k <= PAIRWISE) {
                // the same reports in the same order, without a map for the usual handful of children
                for (int j = 1; j < k; j++) {
                    NodeFacts a = node.childAt(j);
                    if (!a.hasUnit() || (ifEnabled && isDisabled(a))) {
                        continue;
                    }
                    for (int i = 0; i < j; i++) {
                        NodeFacts b = node.childAt(i);
                        if (b.unit().equals(a.unit()) && !(ifEnabled && isDisabled(b))) {
                            run.fail(b, "duplicate unit-address (also used in node " + a.path() + ")");
                        }
                    }
                }
                return;
            }
            Map<String, List<NodeFacts>> earlier = new HashMap<>();
            for (int i = 0; i < k; i++) {
                NodeFacts a = node.childAt(i);
                String unit = a.unit();
                if (unit.isEmpty() || (ifEnabled && isDisabled(a))) {
                    continue;
                }
                List<NodeFacts> same = earlier.computeIfAbsent(unit, x -> new ArrayList<>(1));
                for (NodeFacts b : same) {
                    run.fail(b, "duplicate unit-address (also used in node " + a.path() + ")");
                }
                same.add(a);
            }
        };
    }

    /** dtc node_is_disabled: exactly "disabled" ("fail" and friends count as enabled). */
    static boolean isDisabled(NodeFacts n) {
        Property p = n.prop("status");
        return p != null && CheckRun.valueIs(p, "disabled");
    }
}

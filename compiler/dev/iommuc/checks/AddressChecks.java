package dev.iommuc.checks;

import dev.iommuc.model.Node;
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
    static void addrSizeCells(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        Property ac = t.prop(node, "#address-cells");
        Property sc = t.prop(node, "#size-cells");
        t.setCells(node, ac == null ? -1 : CheckRun.cellAt(ac.value(), 0),
                sc == null ? -1 : CheckRun.cellAt(sc.value(), 0));
    }

    static void regFormat(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        Property p = t.prop(node, "reg");
        if (p == null) {
            return;
        }
        if (node.parent() == null) {
            run.fail(node, "Root node has a \"reg\" property");
            return;
        }
        int len = p.value().length();
        if (len == 0) {
            run.failProp(node, p, "property is empty");
        }
        int ac = t.addrCells(node.parent());
        int sc = t.sizeCells(node.parent());
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
            TreeFacts t = run.tree();
            Property p = t.prop(node, ranges);
            if (p == null) {
                return;
            }
            if (node.parent() == null) {
                run.failProp(node, p, "Root node has a \"" + ranges + "\" property");
                return;
            }
            int pac = t.addrCells(node.parent());
            int psc = t.sizeCells(node.parent());
            int cac = t.addrCells(node);
            int csc = t.sizeCells(node);
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
    static void unitAddressVsReg(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (t.child(node, "__overlay__") != null) {
            return; // overlay fragments are named fragment@N without reg, by design
        }
        Property p = t.prop(node, "reg");
        if (p == null) {
            p = t.prop(node, "ranges");
            if (p != null && p.value().length() == 0) {
                p = null;
            }
        }
        boolean hasUnit = !CheckRun.unitName(node).isEmpty();
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
    static void unitAddressFormat(CheckRun run, Node node) {
        if (node.parent() != null && run.tree().bus(node.parent()) != null) {
            return;
        }
        String unit = CheckRun.unitName(node);
        if (unit.isEmpty()) {
            return;
        }
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

    static void avoidDefaultAddrSize(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (node.parent() == null || (t.prop(node, "reg") == null && t.prop(node, "ranges") == null)) {
            return;
        }
        if (t.rawAddrCells(node.parent()) == -1) {
            run.fail(node, "Relying on default #address-cells value");
        }
        if (t.rawSizeCells(node.parent()) == -1) {
            run.fail(node, "Relying on default #size-cells value");
        }
    }

    /** dtc 1.8 wording and rule (1.6.1 did not exempt dma-ranges or child ranges). */
    static void avoidUnnecessaryAddrSize(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (node.parent() == null || t.rawAddrCells(node) < 0 || t.rawSizeCells(node) < 0) {
            return;
        }
        List<Node> kids = t.children(node);
        if (t.prop(node, "ranges") != null || t.prop(node, "dma-ranges") != null || kids.isEmpty()) {
            return;
        }
        for (Node c : kids) {
            if (t.prop(c, "reg") != null || t.prop(c, "ranges") != null) {
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
    static Check.Body uniqueUnitAddress(boolean ifEnabled) {
        return (run, node) -> {
            TreeFacts t = run.tree();
            List<Node> kids = t.children(node);
            if (t.rawAddrCells(node) < 0 || t.rawSizeCells(node) < 0 || kids.size() < 2) {
                return;
            }
            Map<String, List<Node>> earlier = new HashMap<>();
            for (Node a : kids) {
                String unit = CheckRun.unitName(a);
                if (unit.isEmpty() || (ifEnabled && isDisabled(t, a))) {
                    continue;
                }
                List<Node> same = earlier.computeIfAbsent(unit, k -> new ArrayList<>(1));
                for (Node b : same) {
                    run.fail(b, "duplicate unit-address (also used in node " + a.path() + ")");
                }
                same.add(a);
            }
        };
    }

    /** dtc node_is_disabled: exactly "disabled" ("fail" and friends count as enabled). */
    static boolean isDisabled(TreeFacts t, Node n) {
        Property p = t.prop(n, "status");
        return p != null && CheckRun.valueIs(p, "disabled");
    }
}

package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.Bus;
import dev.iommuc.model.Data;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

/**
 * Bus checks. Each {@code *_bus_bridge} check recognises a bus node and records its type (a later
 * bridge overwrites an earlier one, as dtc's single {@code node->bus} field does); the matching
 * {@code *_reg} check then validates the children's unit addresses against their {@code reg}.
 */
final class BusChecks {

    private BusChecks() {
    }

    /** dtc strprefixeq(node->name, basenamelen, s): the base name is exactly {@code s}. */
    private static boolean baseIs(Node n, String s) {
        return n.baseName().equals(s);
    }

    private static String hex(int v) {
        return Integer.toHexString(v);
    }

    // ---- PCI ----

    static void pciBridge(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        Property dt = t.prop(node, "device_type");
        if (dt == null || !CheckRun.valueIs(dt, "pci")) {
            return;
        }
        t.setBus(node, Bus.PCI);
        if (!baseIs(node, "pci") && !baseIs(node, "pcie")) {
            run.fail(node, "node name is not \"pci\" or \"pcie\"");
        }
        if (t.prop(node, "ranges") == null) {
            run.fail(node, "missing ranges for PCI bridge (or not a bridge)");
        }
        if (t.addrCells(node) != 3) {
            run.fail(node, "incorrect #address-cells for PCI bridge");
        }
        if (t.sizeCells(node) != 2) {
            run.fail(node, "incorrect #size-cells for PCI bridge");
        }
        Property br = t.prop(node, "bus-range");
        if (br == null) {
            return;
        }
        if (br.value().length() != 8) {
            run.failProp(node, br, "value must be 2 cells");
            return;
        }
        long min = Integer.toUnsignedLong(br.value().cell(0));
        long max = Integer.toUnsignedLong(br.value().cell(4));
        if (min > max) {
            run.failProp(node, br, "1st cell must be less than or equal to 2nd cell");
        }
        if (max > 0xff) {
            run.failProp(node, br, "maximum bus number must be less than 256");
        }
    }

    private static boolean onBus(TreeFacts t, Node node, Bus bus) {
        return node.parent() != null && t.bus(node.parent()) == bus;
    }

    /**
     * dtc reports against the parent's {@code bus-range} property (null when absent), still naming the
     * child node: subject {@code /child:bus-range} at the parent property's position.
     */
    static void pciDeviceBusNum(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (!onBus(t, node, Bus.PCI)) {
            return;
        }
        Property reg = t.prop(node, "reg");
        if (reg == null) {
            return;
        }
        int busNum = (CheckRun.cellAt(reg.value(), 0) & 0x00ff0000) >>> 16;
        Property br = t.prop(node.parent(), "bus-range");
        long min = 0;
        long max = 0;
        if (br != null) {
            min = Integer.toUnsignedLong(CheckRun.cellAt(br.value(), 0));
            max = Integer.toUnsignedLong(CheckRun.cellAt(br.value(), 1));
        }
        if (busNum < min || busNum > max) {
            String msg = "PCI bus number " + busNum + " out of range, expected (" + (int) min + " - " + (int) max + ")";
            if (br != null) {
                run.failProp(node, br, msg);
            } else {
                run.fail(node, msg);
            }
        }
    }

    static void pciDeviceReg(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (!onBus(t, node, Bus.PCI)) {
            return;
        }
        Property p = t.prop(node, "reg");
        if (p == null) {
            return;
        }
        Data v = p.value();
        if (CheckRun.cellAt(v, 1) != 0 || CheckRun.cellAt(v, 2) != 0) {
            run.failProp(node, p, "PCI reg config space address cells 2 and 3 must be 0");
        }
        int reg = CheckRun.cellAt(v, 0);
        int dev = (reg & 0xf800) >>> 11;
        int func = (reg & 0x700) >>> 8;
        if ((reg & 0xff000000) != 0) {
            run.failProp(node, p, "PCI reg address is not configuration space");
        }
        if ((reg & 0xff) != 0) {
            run.failProp(node, p, "PCI reg config space address register number must be 0");
        }
        String unit = CheckRun.unitName(node);
        if (func == 0 && unit.equals(hex(dev))) {
            return;
        }
        String expected = hex(dev) + "," + hex(func);
        if (!unit.equals(expected)) {
            run.fail(node, "PCI unit address format error, expected \"" + expected + "\"");
        }
    }

    // ---- simple-bus ----

    static void simpleBusBridge(CheckRun run, Node node) {
        Property p = run.tree().prop(node, "compatible");
        if (p == null) {
            return;
        }
        java.util.List<String> compat = p.value().asStrings();
        if (compat != null && compat.contains("simple-bus")) {
            run.tree().setBus(node, Bus.SIMPLE);
        }
    }

    /**
     * The unit address must be the parent-address cells of the first {@code reg} entry (or of the first
     * {@code ranges} entry, after its child address) in lowercase hex without leading zeros. dtc folds
     * the cells into a uint64, so with more than two address cells only the low 64 bits count.
     */
    static void simpleBusReg(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (!onBus(t, node, Bus.SIMPLE)) {
            return;
        }
        Data cells = null;
        int first = 0;
        Property p = t.prop(node, "reg");
        if (p != null) {
            if (p.value().length() > 0) {
                cells = p.value();
            }
        } else {
            p = t.prop(node, "ranges");
            if (p != null && p.value().length() > 0) {
                cells = p.value();
                first = t.addrCells(node);
            }
        }
        if (cells == null) {
            if (node.parent().parent() != null && t.bus(node) != Bus.SIMPLE) {
                run.fail(node, "missing or empty reg/ranges property");
            }
            return;
        }
        long reg = 0;
        int n = t.addrCells(node.parent());
        for (int i = 0; i < n; i++) {
            reg = (reg << 32) | Integer.toUnsignedLong(CheckRun.cellAt(cells, first + i));
        }
        String expected = Long.toHexString(reg);
        if (!CheckRun.unitName(node).equals(expected)) {
            run.fail(node, "simple-bus unit address format error, expected \"" + expected + "\"");
        }
    }

    // ---- I2C ----

    private static final int I2C_OWN_SLAVE_ADDRESS = 1 << 30;
    private static final int I2C_TEN_BIT_ADDRESS = 1 << 31;

    static void i2cBusBridge(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (baseIs(node, "i2c-bus") || baseIs(node, "i2c-arb")) {
            t.setBus(node, Bus.I2C);
        } else if (baseIs(node, "i2c")) {
            // a controller with i2c-bus children is not itself the bus
            for (Node c : t.children(node)) {
                if (baseIs(c, "i2c-bus")) {
                    return;
                }
            }
            t.setBus(node, Bus.I2C);
        } else {
            return;
        }
        if (t.children(node).isEmpty()) {
            return;
        }
        if (t.addrCells(node) != 1) {
            run.fail(node, "incorrect #address-cells for I2C bus");
        }
        if (t.sizeCells(node) != 0) {
            run.fail(node, "incorrect #size-cells for I2C bus");
        }
    }

    static void i2cBusReg(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (!onBus(t, node, Bus.I2C)) {
            return;
        }
        Property p = t.prop(node, "reg");
        if (p == null || p.value().length() == 0) {
            run.fail(node, "missing or empty reg property");
            return;
        }
        Data v = p.value();
        String expected = hex(CheckRun.cellAt(v, 0) & ~I2C_OWN_SLAVE_ADDRESS);
        if (!CheckRun.unitName(node).equals(expected)) {
            run.fail(node, "I2C bus unit address format error, expected \"" + expected + "\"");
        }
        // dtc steps 4 bytes while any remain, so a trailing partial cell is still read (as 0 here)
        for (int i = 0; 4 * i < v.length(); i++) {
            int reg = CheckRun.cellAt(v, i) & ~I2C_OWN_SLAVE_ADDRESS;
            if ((reg & I2C_TEN_BIT_ADDRESS) != 0) {
                if ((reg & ~I2C_TEN_BIT_ADDRESS) > 0x3ff) {
                    run.failProp(node, p, "I2C address must be less than 10-bits, got \"0x" + hex(reg) + "\"");
                }
            } else if (reg > 0x7f) {
                run.failProp(node, p, "I2C address must be less than 7-bits, got \"0x" + hex(reg)
                        + "\". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property");
            }
        }
    }

    // ---- SPI ----

    static void spiBusBridge(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (baseIs(node, "spi")) {
            t.setBus(node, Bus.SPI);
        } else {
            // a bus with another name is recognised by spi-* properties on its children
            if (t.addrCells(node) != 1 || t.sizeCells(node) != 0) {
                return;
            }
            outer:
            for (Node c : t.children(node)) {
                for (Property p : t.props(c)) {
                    if (p.name().startsWith("spi-")) {
                        t.setBus(node, Bus.SPI);
                        break outer;
                    }
                }
            }
            if (t.bus(node) == Bus.SPI && t.prop(node, "reg") != null) {
                run.fail(node, "node name for SPI buses should be 'spi'");
            }
        }
        if (t.bus(node) != Bus.SPI || t.children(node).isEmpty()) {
            return;
        }
        int spiAddrCells = t.prop(node, "spi-slave") != null ? 0 : 1;
        if (t.addrCells(node) != spiAddrCells) {
            run.fail(node, "incorrect #address-cells for SPI bus");
        }
        if (t.sizeCells(node) != 0) {
            run.fail(node, "incorrect #size-cells for SPI bus");
        }
    }

    static void spiBusReg(CheckRun run, Node node) {
        TreeFacts t = run.tree();
        if (!onBus(t, node, Bus.SPI) || t.prop(node.parent(), "spi-slave") != null) {
            return;
        }
        Property p = t.prop(node, "reg");
        if (p == null || p.value().length() == 0) {
            run.fail(node, "missing or empty reg property");
            return;
        }
        String expected = hex(CheckRun.cellAt(p.value(), 0));
        if (!CheckRun.unitName(node).equals(expected)) {
            run.fail(node, "SPI bus unit address format error, expected \"" + expected + "\"");
        }
    }
}

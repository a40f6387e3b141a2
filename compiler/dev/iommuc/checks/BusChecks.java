package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.Bus;
import dev.iommuc.model.Data;
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
    private static boolean baseIs(NodeFacts n, String s) {
        return n.baseIs(s);
    }

    private static String hex(int v) {
        return Integer.toHexString(v);
    }

    // ---- PCI ----

    static void pciBridge(CheckRun run, NodeFacts node) {
        Property dt = node.prop("device_type");
        if (dt == null || !CheckRun.valueIs(dt, "pci")) {
            return;
        }
        node.setBus(Bus.PCI);
        if (!baseIs(node, "pci") && !baseIs(node, "pcie")) {
            run.fail(node, "node name is not \"pci\" or \"pcie\"");
        }
        if (node.prop("ranges") == null) {
            run.fail(node, "missing ranges for PCI bridge (or not a bridge)");
        }
        if (node.addrCells() != 3) {
            run.fail(node, "incorrect #address-cells for PCI bridge");
        }
        if (node.sizeCells() != 2) {
            run.fail(node, "incorrect #size-cells for PCI bridge");
        }
        Property br = node.prop("bus-range");
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

    private static boolean onBus(NodeFacts node, Bus bus) {
        return !node.isRoot() && node.parent().bus() == bus;
    }

    /**
     * dtc reports against the parent's {@code bus-range} property (null when absent), still naming the
     * child node: subject {@code /child:bus-range} at the parent property's position.
     */
    static void pciDeviceBusNum(CheckRun run, NodeFacts node) {
        if (!onBus(node, Bus.PCI)) {
            return;
        }
        Property reg = node.prop("reg");
        if (reg == null) {
            return;
        }
        int busNum = (CheckRun.cellAt(reg.value(), 0) & 0x00ff0000) >>> 16;
        Property br = node.parent().prop("bus-range");
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

    static void pciDeviceReg(CheckRun run, NodeFacts node) {
        if (!onBus(node, Bus.PCI)) {
            return;
        }
        Property p = node.prop("reg");
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
        String unit = node.unit();
        if (func == 0 && unit.equals(hex(dev))) {
            return;
        }
        String expected = hex(dev) + "," + hex(func);
        if (!unit.equals(expected)) {
            run.fail(node, "PCI unit address format error, expected \"" + expected + "\"");
        }
    }

    // ---- simple-bus ----

    static void simpleBusBridge(CheckRun run, NodeFacts node) {
        Property p = node.prop("compatible");
        if (p == null) {
            return;
        }
        if (CheckRun.listHasString(p.value(), "simple-bus")) {
            node.setBus(Bus.SIMPLE);
        }
    }

    /**
     * The unit address must be the parent-address cells of the first {@code reg} entry (or of the first
     * {@code ranges} entry, after its child address) in lowercase hex without leading zeros. dtc folds
     * the cells into a uint64, so with more than two address cells only the low 64 bits count.
     */
    static void simpleBusReg(CheckRun run, NodeFacts node) {
        if (!onBus(node, Bus.SIMPLE)) {
            return;
        }
        Data cells = null;
        int first = 0;
        Property p = node.prop("reg");
        if (p != null) {
            if (p.value().length() > 0) {
                cells = p.value();
            }
        } else {
            p = node.prop("ranges");
            if (p != null && p.value().length() > 0) {
                cells = p.value();
                first = node.addrCells();
            }
        }
        if (cells == null) {
            if (!node.parent().isRoot() && node.bus() != Bus.SIMPLE) {
                run.fail(node, "missing or empty reg/ranges property");
            }
            return;
        }
        long reg = 0;
        int n = node.parent().addrCells();
        for (int i = 0; i < n; i++) {
            reg = (reg << 32) | Integer.toUnsignedLong(CheckRun.cellAt(cells, first + i));
        }
        String expected = Long.toHexString(reg);
        if (!node.unit().equals(expected)) {
            run.fail(node, "simple-bus unit address format error, expected \"" + expected + "\"");
        }
    }

    // ---- I2C ----

    private static final int I2C_OWN_SLAVE_ADDRESS = 1 << 30;
    private static final int I2C_TEN_BIT_ADDRESS = 1 << 31;

    static void i2cBusBridge(CheckRun run, NodeFacts node) {
        if (baseIs(node, "i2c-bus") || baseIs(node, "i2c-arb")) {
            node.setBus(Bus.I2C);
        } else if (baseIs(node, "i2c")) {
            // a controller with i2c-bus children is not itself the bus
            for (int i = 0; i < node.childCount(); i++) {
                if (baseIs(node.childAt(i), "i2c-bus")) {
                    return;
                }
            }
            node.setBus(Bus.I2C);
        } else {
            return;
        }
        if (node.childCount() == 0) {
            return;
        }
        if (node.addrCells() != 1) {
            run.fail(node, "incorrect #address-cells for I2C bus");
        }
        if (node.sizeCells() != 0) {
            run.fail(node, "incorrect #size-cells for I2C bus");
        }
    }

    static void i2cBusReg(CheckRun run, NodeFacts node) {
        if (!onBus(node, Bus.I2C)) {
            return;
        }
        Property p = node.prop("reg");
        if (p == null || p.value().length() == 0) {
            run.fail(node, "missing or empty reg property");
            return;
        }
        Data v = p.value();
        String expected = hex(CheckRun.cellAt(v, 0) & ~I2C_OWN_SLAVE_ADDRESS);
        if (!node.unit().equals(expected)) {
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

    static void spiBusBridge(CheckRun run, NodeFacts node) {
        if (baseIs(node, "spi")) {
            node.setBus(Bus.SPI);
        } else {
            // a bus with another name is recognised by spi-* properties on its children
            if (node.addrCells() != 1 || node.sizeCells() != 0) {
                return;
            }
            outer:
            for (int i = 0; i < node.childCount(); i++) {
                NodeFacts c = node.childAt(i);
                for (int j = 0; j < c.propCount(); j++) {
                    if (c.propAt(j).name().startsWith("spi-")) {
                        node.setBus(Bus.SPI);
                        break outer;
                    }
                }
            }
            if (node.bus() == Bus.SPI && node.prop("reg") != null) {
                run.fail(node, "node name for SPI buses should be 'spi'");
            }
        }
        if (node.bus() != Bus.SPI || node.childCount() == 0) {
            return;
        }
        int spiAddrCells = node.prop("spi-slave") != null ? 0 : 1;
        if (node.addrCells() != spiAddrCells) {
            run.fail(node, "incorrect #address-cells for SPI bus");
        }
        if (node.sizeCells() != 0) {
            run.fail(node, "incorrect #size-cells for SPI bus");
        }
    }

    static void spiBusReg(CheckRun run, NodeFacts node) {
        if (!onBus(node, Bus.SPI) || node.parent().prop("spi-slave") != null) {
            return;
        }
        Property p = node.prop("reg");
        if (p == null || p.value().length() == 0) {
            run.fail(node, "missing or empty reg property");
            return;
        }
        String expected = hex(CheckRun.cellAt(p.value(), 0));
        if (!node.unit().equals(expected)) {
            run.fail(node, "SPI bus unit address format error, expected \"" + expected + "\"");
        }
    }
}

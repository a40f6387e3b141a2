package dev.iommuc.checks;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.Node;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static dev.iommuc.checks.TestTrees.*;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Bus checks against dtc. The two sample trees were written as DTS and run through dtc 1.6.1; the
 * expected lines are its output, except where dtc 1.8.1 (our target) differs, which is marked.
 */
class BusChecksTest {

    private static Node sample(boolean withBadBridges) {
        List<Object> top = new ArrayList<>(List.of(prop("#address-cells", cells(1)), prop("#size-cells", cells(1))));
        top.add(node("soc@1c00000", prop("compatible", str("vendor,soc", "simple-bus")),
                prop("#address-cells", cells(2)), prop("#size-cells", cells(1)),
                prop("ranges", cells(0, 0x1c00000, 0x1c00000, 0x100000)), prop("reg", cells(0x1c00000, 0x1000)),
                node("uart@1c28000", prop("reg", cells(0, 0x1c28000, 0x400))),
                node("uart@0,1c28400", prop("reg", cells(0, 0x1c28400, 0x400))),
                node("mmc@100000001c0f000", prop("reg", cells(1, 0x1c0f000, 0x400))),
                node("nothing@5"),
                node("sub", prop("compatible", str("simple-bus")), prop("#address-cells", cells(1)),
                        prop("#size-cells", cells(1))),
                node("br@2000", prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                        prop("ranges", cells(0, 0, 0x2000, 0x100)))));
        top.add(node("pcie@10000000", prop("device_type", str("pci")), prop("#address-cells", cells(3)),
                prop("#size-cells", cells(2)), prop("reg", cells(0x10000000, 0x1000)),
                prop("ranges", cells(0x02000000, 0, 0x20000000, 0x20000000, 0, 0x1000000)),
                prop("bus-range", cells(0, 0)),
                node("dev@1,0", prop("reg", cells(0x0800, 0, 0, 0, 0))),
                node("dev@2", prop("reg", cells(0x1100, 0, 0, 0, 0))),
                node("dev@3", prop("reg", cells(0x1801, 0, 1, 0, 0))),
                node("dev@4", prop("reg", cells(0x12012000, 0, 0, 0, 0)))));
        if (withBadBridges) {
            top.add(node("pci@20000000", prop("device_type", str("pci")), prop("reg", cells(0x20000000, 0x1000))));
        }
        top.add(node("i2c@3000", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                prop("reg", cells(0x3000, 0x100)),
                node("eeprom@50", prop("reg", cells(0x50))),
                node("rtc@0x68", prop("reg", cells(0x68))),
                node("big@80", prop("reg", cells(0x80))),
                node("ten@80000150", prop("reg", cells(0x80000150L))),
                node("tenbig@80000800", prop("reg", cells(0x80000800L))),
                node("slave@40000010", prop("reg", cells(0x40000010))),
                node("noreg@1")));
        if (withBadBridges) {
            top.add(node("i2c@4000", prop("reg", cells(0x4000, 0x100)), node("x@1", prop("reg", cells(1, 2, 3)))));
        }
        top.add(node("spi@5000", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                prop("reg", cells(0x5000, 0x100)),
                node("flash@0", prop("reg", cells(0)), prop("spi-max-frequency", cells(1000))),
                node("flash@01", prop("reg", cells(1))),
                node("none@2")));
        if (withBadBridges) {
            top.add(node("ctrl@6000", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                    prop("reg", cells(0x6000, 0x100)), node("dev@0", prop("reg", cells(0)), prop("spi-cpha"))));
        }
        top.add(node("spi@7000", prop("reg", cells(0x7000, 0x100)), prop("spi-slave"),
                prop("#address-cells", cells(0)), prop("#size-cells", cells(0)), node("slave")));
        return root(top.toArray());
    }

    @Test
    void goodBridgesCheckTheirChildren() {
        assertEquals(List.of(
                "warning unit_address_vs_reg /soc@1c00000/nothing@5: node has a unit name, but no reg or ranges property",
                "warning unit_address_vs_reg /i2c@3000/noreg@1: node has a unit name, but no reg or ranges property",
                "warning unit_address_vs_reg /spi@5000/none@2: node has a unit name, but no reg or ranges property",
                // I2C/SPI bridges run after unit_address_format, so their children are still checked here
                "warning unit_address_format /i2c@3000/rtc@0x68: unit name should not have leading \"0x\"",
                "warning unit_address_format /spi@5000/flash@01: unit name should not have leading 0s",
                "warning pci_device_reg /pcie@10000000/dev@2: PCI unit address format error, expected \"2,1\"",
                "warning pci_device_reg /pcie@10000000/dev@3:reg: PCI reg config space address cells 2 and 3 must be 0",
                "warning pci_device_reg /pcie@10000000/dev@3:reg: PCI reg config space address register number must be 0",
                "warning pci_device_reg /pcie@10000000/dev@4:reg: PCI reg address is not configuration space",
                // the parent's bus-range, under the child's path
                "warning pci_device_bus_num /pcie@10000000/dev@4:bus-range: PCI bus number 1 out of range, expected (0 - 0)",
                "warning simple_bus_reg /soc@1c00000/uart@0,1c28400: simple-bus unit address format error, expected \"1c28400\"",
                "warning simple_bus_reg /soc@1c00000/mmc@100000001c0f000: simple-bus unit address format error, expected \"101c0f000\"",
                "warning simple_bus_reg /soc@1c00000/nothing@5: missing or empty reg/ranges property",
                "warning i2c_bus_reg /i2c@3000/rtc@0x68: I2C bus unit address format error, expected \"68\"",
                "warning i2c_bus_reg /i2c@3000/big@80:reg: I2C address must be less than 7-bits, got \"0x80\". Set I2C_TEN_BIT_ADDRESS for 10 bit addresses or fix the property",
                // (dtc 1.6.1 also flagged the valid ten-bit address 0x80000150 here; fixed in 1.7)
                "warning i2c_bus_reg /i2c@3000/tenbig@80000800:reg: I2C address must be less than 10-bits, got \"0x80000800\"",
                "warning i2c_bus_reg /i2c@3000/slave@40000010: I2C bus unit address format error, expected \"10\"",
                "warning i2c_bus_reg /i2c@3000/noreg@1: missing or empty reg property",
                "warning spi_bus_reg /spi@5000/flash@01: SPI bus unit address format error, expected \"1\"",
                "warning spi_bus_reg /spi@5000/none@2: missing or empty reg property",
                // dtc 1.8 wording (1.6.1: without "ranges" or child "reg" property)
                "warning avoid_unnecessary_addr_size /spi@7000: unnecessary #address-cells/#size-cells without"
                        + " \"ranges\", \"dma-ranges\" or child \"reg\" or \"ranges\" property"),
                lines(check(tree(sample(false)))));
    }

    @Test
    void badBridgesSkipAllRegChecksOfTheirKind() {
        assertEquals(List.of(
                "warning unit_address_vs_reg /soc@1c00000/nothing@5: node has a unit name, but no reg or ranges property",
                "warning unit_address_vs_reg /i2c@3000/noreg@1: node has a unit name, but no reg or ranges property",
                "warning unit_address_vs_reg /spi@5000/none@2: node has a unit name, but no reg or ranges property",
                "warning pci_bridge /pci@20000000: missing ranges for PCI bridge (or not a bridge)",
                "warning pci_bridge /pci@20000000: incorrect #address-cells for PCI bridge",
                "warning pci_bridge /pci@20000000: incorrect #size-cells for PCI bridge",
                "warning unit_address_format : Failed prerequisite 'pci_bridge'",
                "warning pci_device_reg : Failed prerequisite 'pci_bridge'",
                "warning pci_device_bus_num : Failed prerequisite 'pci_bridge'",
                "warning simple_bus_reg /soc@1c00000/uart@0,1c28400: simple-bus unit address format error, expected \"1c28400\"",
                "warning simple_bus_reg /soc@1c00000/mmc@100000001c0f000: simple-bus unit address format error, expected \"101c0f000\"",
                "warning simple_bus_reg /soc@1c00000/nothing@5: missing or empty reg/ranges property",
                "warning i2c_bus_bridge /i2c@4000: incorrect #address-cells for I2C bus",
                "warning i2c_bus_bridge /i2c@4000: incorrect #size-cells for I2C bus",
                "warning i2c_bus_reg : Failed prerequisite 'i2c_bus_bridge'",
                "warning spi_bus_bridge /ctrl@6000: node name for SPI buses should be 'spi'",
                "warning spi_bus_reg : Failed prerequisite 'spi_bus_bridge'",
                "warning avoid_default_addr_size /i2c@4000/x@1: Relying on default #address-cells value",
                "warning avoid_default_addr_size /i2c@4000/x@1: Relying on default #size-cells value",
                "warning avoid_unnecessary_addr_size : Failed prerequisite 'avoid_default_addr_size'",
                "warning unique_unit_address : Failed prerequisite 'avoid_default_addr_size'"),
                lines(check(tree(sample(true)))));
    }

    @Test
    void simpleBusExpectsTheFirstRegAddressInLowercaseHex() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("soc", prop("compatible", str("simple-bus")), prop("#address-cells", cells(1)),
                        prop("#size-cells", cells(1)), prop("ranges"),
                        node("timer@01C00000", prop("reg", cells(0x1c00000, 0x100), "r")),
                        node("timer@1c00100", prop("reg", cells(0x1c00100, 0x100)))))));
        Diagnostic d = one(ds, "simple_bus_reg", Severity.WARNING, "/soc/timer@01C00000",
                "simple-bus unit address format error, expected \"1c00000\"");
        assertEquals(10, d.pos().line()); // the node, not its reg
        none(ds, "unit_address_format"); // children of a simple-bus follow simple_bus_reg's rule
    }

    @Test
    void pciBridgeBusRange() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("pcie@0", prop("device_type", str("pci")), prop("#address-cells", cells(3)),
                        prop("#size-cells", cells(2)), prop("reg", cells(0, 1)), prop("ranges"),
                        prop("bus-range", cells(0x200, 0x100))),
                node("pcie@1", prop("device_type", str("pci")), prop("#address-cells", cells(3)),
                        prop("#size-cells", cells(2)), prop("reg", cells(1, 1)), prop("ranges"),
                        prop("bus-range", cells(1))),
                node("host@2", prop("device_type", str("pci")), prop("#address-cells", cells(3)),
                        prop("#size-cells", cells(2)), prop("reg", cells(2, 1)), prop("ranges")))));
        assertEquals(List.of(
                "warning pci_bridge /pcie@0:bus-range: 1st cell must be less than or equal to 2nd cell",
                "warning pci_bridge /pcie@0:bus-range: maximum bus number must be less than 256",
                "warning pci_bridge /pcie@1:bus-range: value must be 2 cells",
                "warning pci_bridge /host@2: node name is not \"pci\" or \"pcie\""), lines(ds, "pci_bridge"));
    }

    @Test
    void i2cControllerWithBusChildrenIsNotItselfTheBus() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("i2c@0", prop("reg", cells(0, 1)),
                        node("i2c-bus@0", prop("#address-cells", cells(1)), prop("#size-cells", cells(0)),
                                node("dev@0x50", prop("reg", cells(0x50))))))));
        // the controller's own cell counts are not checked; the i2c-bus child's children are
        none(ds, "i2c_bus_bridge");
        one(ds, "i2c_bus_reg", Severity.WARNING, "/i2c@0/i2c-bus@0/dev@0x50",
                "I2C bus unit address format error, expected \"50\"");
    }

    @Test
    void spiSlaveBusTakesNoAddressCells() {
        List<Diagnostic> ds = check(tree(root(prop("#address-cells", cells(1)), prop("#size-cells", cells(1)),
                node("spi@0", prop("reg", cells(0, 1)), prop("spi-slave"), prop("#address-cells", cells(1)),
                        prop("#size-cells", cells(0)), node("slave")))));
        one(ds, "spi_bus_bridge", Severity.WARNING, "/spi@0", "incorrect #address-cells for SPI bus");
        one(ds, "spi_bus_reg", Severity.WARNING, "", "Failed prerequisite 'spi_bus_bridge'");
    }
}

package dev.iommuc.checks;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Severity;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class CheckRegistryTest {

    /** dtc v1.8.1 check_table[], verbatim order. */
    private static final List<String> DTC_TABLE = List.of(
            "duplicate_node_names", "duplicate_property_names", "node_name_chars", "node_name_format",
            "node_name_not_empty", "property_name_chars", "name_is_string", "name_properties",
            "node_name_vs_property_name", "duplicate_label", "explicit_phandles", "phandle_references",
            "path_references", "omit_unused_nodes", "address_cells_is_cell", "size_cells_is_cell",
            "device_type_is_string", "model_is_string", "status_is_string", "label_is_string",
            "compatible_is_string_list", "names_is_string_list", "property_name_chars_strict",
            "node_name_chars_strict", "addr_size_cells", "reg_format", "ranges_format", "dma_ranges_format",
            "unit_address_vs_reg", "unit_address_format", "pci_bridge", "pci_device_reg", "pci_device_bus_num",
            "simple_bus_bridge", "simple_bus_reg", "i2c_bus_bridge", "i2c_bus_reg", "spi_bus_bridge",
            "spi_bus_reg", "avoid_default_addr_size", "avoid_unnecessary_addr_size", "unique_unit_address",
            "unique_unit_address_if_enabled", "obsolete_chosen_interrupt_controller", "chosen_node_is_root",
            "chosen_node_bootargs", "chosen_node_stdout_path",
            "clocks_property", "clocks_is_cell", "cooling_device_property", "cooling_device_is_cell",
            "dmas_property", "dmas_is_cell", "hwlocks_property", "hwlocks_is_cell",
            "interrupts_extended_property", "interrupts_extended_is_cell", "io_channels_property",
            "io_channels_is_cell", "iommus_property", "iommus_is_cell", "mboxes_property", "mboxes_is_cell",
            "msi_parent_property", "msi_parent_is_cell", "mux_controls_property", "mux_controls_is_cell",
            "phys_property", "phys_is_cell", "power_domains_property", "power_domains_is_cell",
            "pwms_property", "pwms_is_cell", "resets_property", "resets_is_cell", "sound_dai_property",
            "sound_dai_is_cell", "thermal_sensors_property", "thermal_sensors_is_cell",
            "deprecated_gpio_property", "gpios_property", "interrupts_property", "interrupt_provider",
            "interrupt_map", "alias_paths", "graph_nodes", "graph_port", "graph_endpoint", "always_fail");

    private static final Set<String> ERRORS = Set.of("duplicate_node_names", "duplicate_property_names",
            "node_name_chars", "node_name_format", "node_name_not_empty", "property_name_chars", "name_is_string",
            "name_properties", "duplicate_label", "explicit_phandles", "phandle_references", "path_references",
            "omit_unused_nodes");
    private static final Set<String> OFF = Set.of("property_name_chars_strict", "node_name_chars_strict",
            "unique_unit_address_if_enabled", "deprecated_gpio_property", "always_fail");

    @Test
    void tableIsDtcsInOrder() {
        assertEquals(DTC_TABLE, CheckRegistry.all().stream().map(Check::id).toList());
    }

    @Test
    void defaultLevelsAreDtcs() {
        for (Check c : CheckRegistry.all()) {
            Check.Level want = ERRORS.contains(c.id()) ? Check.Level.ERROR
                    : OFF.contains(c.id()) ? Check.Level.OFF : Check.Level.WARNING;
            assertEquals(want, c.level(), c.id());
        }
    }

    @Test
    void providerChecksDependOnTheirCellCheckAndPhandleResolution() {
        assertEquals(List.of("iommus_is_cell", "phandle_references"), CheckRegistry.byName("iommus_property").prereqs());
        assertEquals(List.of("reg_format", "simple_bus_bridge"), CheckRegistry.byName("simple_bus_reg").prereqs());
        assertEquals(Set.of("explicit_phandles", "phandle_references", "path_references", "omit_unused_nodes"),
                CheckRegistry.all().stream().filter(c -> c.kind() == Check.Kind.FIXUP).map(Check::id)
                        .collect(Collectors.toSet()));
    }

    @Test
    void knownNamesForTheCli() {
        assertTrue(CheckRegistry.known("iommus_property"));
        assertTrue(CheckRegistry.known("no-iommus_property"));
        assertTrue(CheckRegistry.known("no_unique-unit-address"));
        assertFalse(CheckRegistry.known("bogus"));
        // not a dtc check: interrupts_extended_is_cell is what checks #interrupt-cells
        assertFalse(CheckRegistry.known("interrupt_cells_is_cell"));
        assertEquals("unique_unit_address", CheckRegistry.byName("unique-unit-address").id());
        assertNull(CheckRegistry.byName("iommu-smr-conflict"));
    }

    @Test
    void offChecksUseANullDefaultLevel() {
        CheckLevels levels = new CheckLevels();
        assertNull(levels.effective("always_fail", Check.Level.OFF.severity()));
        levels.set("always_fail", false);
        assertEquals(Severity.WARNING, levels.effective("always_fail", Check.Level.OFF.severity()));
    }

    private static Severity level(CheckLevels l, String id) {
        return l.effective(id, CheckRegistry.byName(id).level().severity());
    }

    @Test
    void raisingALevelRaisesThePrerequisites() {
        CheckLevels l = new CheckLevels();
        assertTrue(CheckRegistry.applyOption(l, "reg_format", true));
        assertEquals(Severity.ERROR, level(l, "reg_format"));
        assertEquals(Severity.ERROR, level(l, "addr_size_cells"));
        assertEquals(Severity.ERROR, level(l, "address_cells_is_cell"));
        assertEquals(Severity.WARNING, level(l, "ranges_format")); // a sibling, untouched
        CheckLevels w = new CheckLevels();
        CheckRegistry.applyOption(w, "unique_unit_address_if_enabled", false);
        assertEquals(Severity.WARNING, level(w, "unique_unit_address_if_enabled"));
    }

    @Test
    void loweringALevelLowersTheDependents() {
        CheckLevels l = new CheckLevels();
        assertTrue(CheckRegistry.applyOption(l, "no-addr_size_cells", false));
        for (String id : List.of("addr_size_cells", "reg_format", "simple_bus_reg", "pci_bridge", "unit_address_format",
                "avoid_unnecessary_addr_size", "unique_unit_address", "interrupt_map")) {
            assertNull(level(l, id), id);
        }
        assertEquals(Severity.WARNING, level(l, "address_cells_is_cell")); // a prerequisite, untouched
    }

    @Test
    void warningOptionsDoNotSilenceErrors() {
        CheckLevels l = new CheckLevels();
        CheckRegistry.applyOption(l, "no-duplicate_label", false);
        assertEquals(Severity.ERROR, level(l, "duplicate_label"));
        CheckRegistry.applyOption(l, "no-duplicate_label", true);
        assertNull(level(l, "duplicate_label"));
        assertFalse(CheckRegistry.applyOption(l, "no-bogus", true));
    }
}

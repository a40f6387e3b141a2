package dev.iommuc.checks;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Severity;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.iommuc.checks.Check.Level.ERROR;
import static dev.iommuc.checks.Check.Level.OFF;
import static dev.iommuc.checks.Check.Level.WARNING;
import static dev.iommuc.checks.Check.fixup;
import static dev.iommuc.checks.Check.tree;

/**
 * dtc's check table (v1.8.1 {@code checks.c}), in its order, which is also the order diagnostics come
 * out in. Names, default levels and prerequisites are dtc's, so {@code -W}/{@code -E} options written
 * for dtc mean the same here.
 *
 * <p>A check whose body looks at nothing but a node carrying certain properties says so with
 * {@code keyedOn}; the walk then visits only those nodes, in the same pre-order, which gives the same
 * reports in the same order as visiting every node.
 */
public final class CheckRegistry {

    private static final List<Check> TABLE = build();
    private static final Map<String, Check> BY_NAME = index(TABLE);
    private static final Map<String, Integer> KEY_SLOTS = keySlots(TABLE);
    private static final NameSlots KEY_NAME_SLOTS = NameSlots.of(KEY_SLOTS);

    private CheckRegistry() {
    }

    private static List<Check> build() {
        List<Check> t = new ArrayList<>();
        // structure
        t.add(tree("duplicate_node_names", ERROR, NameChecks::duplicateNodeNames));
        t.add(tree("duplicate_property_names", ERROR, NameChecks::duplicatePropertyNames));
        t.add(tree("node_name_chars", ERROR, NameChecks::nodeNameChars));
        t.add(tree("node_name_format", ERROR, NameChecks::nodeNameFormat, "node_name_chars"));
        t.add(tree("node_name_not_empty", ERROR, NameChecks::nodeNameNotEmpty, "node_name_chars"));
        t.add(tree("property_name_chars", ERROR, NameChecks::propertyNameChars));
        t.add(tree("name_is_string", ERROR, ValueChecks.isString("name")).keyedOn("name"));
        t.add(tree("name_properties", ERROR, NameChecks::nameProperties, "name_is_string").keyedOn("name"));
        t.add(tree("node_name_vs_property_name", WARNING, NameChecks::nodeNameVsPropertyName, "node_name_chars"));
        t.add(tree("duplicate_label", ERROR, NameChecks::duplicateLabel));
        // reference fixups: done by the resolve stage before the checks
        t.add(fixup("explicit_phandles"));
        t.add(fixup("phandle_references", "duplicate_node_names", "explicit_phandles"));
        t.add(fixup("path_references", "duplicate_node_names"));
        t.add(fixup("omit_unused_nodes", "phandle_references", "path_references"));
        // property types
        t.add(tree("address_cells_is_cell", WARNING, ValueChecks.isCell("#address-cells")).keyedOn("#address-cells"));
        t.add(tree("size_cells_is_cell", WARNING, ValueChecks.isCell("#size-cells")).keyedOn("#size-cells"));
        t.add(tree("device_type_is_string", WARNING, ValueChecks.isString("device_type")).keyedOn("device_type"));
        t.add(tree("model_is_string", WARNING, ValueChecks.isString("model")).keyedOn("model"));
        t.add(tree("status_is_string", WARNING, ValueChecks.isString("status")).keyedOn("status"));
        t.add(tree("label_is_string", WARNING, ValueChecks.isString("label")).keyedOn("label"));
        t.add(tree("compatible_is_string_list", WARNING, ValueChecks.isStringList("compatible")).keyedOn("compatible"));
        t.add(tree("names_is_string_list", WARNING, ValueChecks::namesIsStringList));
        // style
        t.add(tree("property_name_chars_strict", OFF, NameChecks::propertyNameCharsStrict));
        t.add(tree("node_name_chars_strict", OFF, NameChecks::nodeNameCharsStrict));
        // addressing
        t.add(tree("addr_size_cells", WARNING, AddressChecks::addrSizeCells,
                "address_cells_is_cell", "size_cells_is_cell"));
        t.add(tree("reg_format", WARNING, AddressChecks::regFormat, "addr_size_cells").keyedOn("reg"));
        t.add(tree("ranges_format", WARNING, AddressChecks.rangesFormat("ranges"), "addr_size_cells").keyedOn("ranges"));
        t.add(tree("dma_ranges_format", WARNING, AddressChecks.rangesFormat("dma-ranges"), "addr_size_cells")
                .keyedOn("dma-ranges"));
        t.add(tree("unit_address_vs_reg", WARNING, AddressChecks::unitAddressVsReg));
        t.add(tree("unit_address_format", WARNING, AddressChecks::unitAddressFormat,
                "node_name_format", "pci_bridge", "simple_bus_bridge"));
        // buses
        t.add(tree("pci_bridge", WARNING, BusChecks::pciBridge, "device_type_is_string", "addr_size_cells")
                .keyedOn("device_type"));
        t.add(tree("pci_device_reg", WARNING, BusChecks::pciDeviceReg, "reg_format", "pci_bridge"));
        t.add(tree("pci_device_bus_num", WARNING, BusChecks::pciDeviceBusNum, "reg_format", "pci_bridge"));
        t.add(tree("simple_bus_bridge", WARNING, BusChecks::simpleBusBridge,
                "addr_size_cells", "compatible_is_string_list").keyedOn("compatible"));
        t.add(tree("simple_bus_reg", WARNING, BusChecks::simpleBusReg, "reg_format", "simple_bus_bridge"));
        t.add(tree("i2c_bus_bridge", WARNING, BusChecks::i2cBusBridge, "addr_size_cells"));
        t.add(tree("i2c_bus_reg", WARNING, BusChecks::i2cBusReg, "reg_format", "i2c_bus_bridge"));
        t.add(tree("spi_bus_bridge", WARNING, BusChecks::spiBusBridge, "addr_size_cells"));
        t.add(tree("spi_bus_reg", WARNING, BusChecks::spiBusReg, "reg_format", "spi_bus_bridge"));
        t.add(tree("avoid_default_addr_size", WARNING, AddressChecks::avoidDefaultAddrSize, "addr_size_cells")
                .keyedOn("reg", "ranges"));
        t.add(tree("avoid_unnecessary_addr_size", WARNING, AddressChecks::avoidUnnecessaryAddrSize,
                "avoid_default_addr_size"));
        t.add(tree("unique_unit_address", WARNING, AddressChecks.uniqueUnitAddress(false), "avoid_default_addr_size"));
        t.add(tree("unique_unit_address_if_enabled", OFF, AddressChecks.uniqueUnitAddress(true),
                "avoid_default_addr_size"));
        // chosen
        t.add(tree("obsolete_chosen_interrupt_controller", WARNING, ValueChecks::obsoleteChosenInterruptController));
        t.add(tree("chosen_node_is_root", WARNING, ValueChecks::chosenNodeIsRoot));
        t.add(tree("chosen_node_bootargs", WARNING, ValueChecks::chosenNodeBootargs).keyedOn("bootargs"));
        t.add(tree("chosen_node_stdout_path", WARNING, ValueChecks::chosenNodeStdoutPath)
                .keyedOn("stdout-path", "linux,stdout-path"));
        // provider/consumer pairs: <x>_property before <x>_is_cell, as in dtc's table
        for (PhandleArgsCheck pair : PhandleArgsCheck.PAIRS) {
            t.add(tree(pair.propertyCheckId(), WARNING, pair::checkNode, pair.isCellCheckId(), "phandle_references")
                    .keyedOn(pair.prop()));
            t.add(tree(pair.isCellCheckId(), WARNING, ValueChecks.isCell(pair.cells())).keyedOn(pair.cells()));
        }
        // misc
        t.add(tree("deprecated_gpio_property", OFF, PhandleArgsCheck::deprecatedGpioProperty));
        t.add(tree("gpios_property", WARNING, PhandleArgsCheck::gpiosProperty, "phandle_references"));
        t.add(tree("interrupts_property", WARNING, MiscChecks::interruptsProperty, "phandle_references")
                .keyedOn("interrupts"));
        t.add(tree("interrupt_provider", WARNING, MiscChecks::interruptProvider, "interrupts_extended_is_cell")
                .keyedOn("interrupt-controller", "interrupt-map", "#interrupt-cells"));
        t.add(tree("interrupt_map", WARNING, MiscChecks::interruptMap,
                "phandle_references", "addr_size_cells", "interrupt_provider").keyedOn("interrupt-map"));
        t.add(tree("alias_paths", WARNING, MiscChecks::aliasPaths));
        t.add(tree("graph_nodes", WARNING, MiscChecks::graphNodes));
        t.add(tree("graph_port", WARNING, MiscChecks::graphPort, "graph_nodes"));
        t.add(tree("graph_endpoint", WARNING, MiscChecks::graphEndpoint, "graph_nodes"));
        t.add(tree("always_fail", OFF, MiscChecks::alwaysFail));
        return Collections.unmodifiableList(t);
    }

    private static Map<String, Check> index(List<Check> table) {
        Map<String, Check> m = new LinkedHashMap<>();
        for (Check c : table) {
            if (m.put(c.id(), c) != null) {
                throw new IllegalStateException("duplicate check " + c.id());
            }
        }
        for (Check c : table) {
            for (String p : c.prereqs()) {
                if (!m.containsKey(p)) {
                    throw new IllegalStateException(c.id() + " needs unknown " + p);
                }
            }
        }
        return m;
    }

    private static Map<String, Integer> keySlots(List<Check> table) {
        Map<String, Integer> m = new LinkedHashMap<>();
        for (Check c : table) {
            for (String k : c.keys()) {
                m.putIfAbsent(k, m.size());
            }
        }
        return Collections.unmodifiableMap(m);
    }

    /** A distinct slot, 0..n-1, for every property name some check is keyed on. */
    static Map<String, Integer> keySlots() {
        return KEY_SLOTS;
    }

    /** {@link #keySlots()} as the look-up table TreeFacts reads. */
    static NameSlots keyNameSlots() {
        return KEY_NAME_SLOTS;
    }

    /** All checks in dtc's table order. */
    public static List<Check> all() {
        return TABLE;
    }

    /** The check of that name (dashes accepted for underscores), or null. */
    public static Check byName(String name) {
        return BY_NAME.get(CheckLevels.normalise(name));
    }

    /** For the CLI: whether {@code -W name}/{@code -E name} names a known check ({@code no-} prefix allowed). */
    public static boolean known(String name) {
        return byName(stripNo(name)) != null;
    }

    private static String stripNo(String arg) {
        return arg.startsWith("no-") || arg.startsWith("no_") ? arg.substring(3) : arg;
    }

    /**
     * Applies one {@code -W}/{@code -E} argument with dtc's propagation: raising a check's level also
     * raises its prerequisites (so they report too), lowering it also lowers every check that depends
     * on it. Returns false, changing nothing, for an unknown name.
     *
     * <p>CheckLevels only exposes the effective level, not dtc's two flags, so "already warns" is read
     * as "enabled" and "already errors" as "at error level"; the difference only shows for a check
     * raised with {@code -W} while it is at error level.
     */
    public static boolean applyOption(CheckLevels levels, String arg, boolean error) {
        boolean enable = !(arg.startsWith("no-") || arg.startsWith("no_"));
        Check c = byName(stripNo(arg));
        if (c == null) {
            return false;
        }
        if (enable) {
            raise(levels, c, error);
        } else {
            lower(levels, c, error);
        }
        return true;
    }

    private static void raise(CheckLevels levels, Check c, boolean error) {
        Severity now = levels.effective(c.id(), c.level().severity());
        boolean raising = error ? now != Severity.ERROR : now == null;
        if (raising) {
            for (String p : c.prereqs()) {
                raise(levels, byName(p), error);
            }
        }
        levels.set(c.id(), error);
    }

    private static void lower(CheckLevels levels, Check c, boolean error) {
        Severity now = levels.effective(c.id(), c.level().severity());
        boolean lowering = error ? now == Severity.ERROR : now == Severity.WARNING;
        if (lowering) {
            for (Check dep : TABLE) {
                if (dep.prereqs().contains(c.id())) {
                    lower(levels, dep, error);
                }
            }
        }
        levels.set("no-" + c.id(), error);
    }
}

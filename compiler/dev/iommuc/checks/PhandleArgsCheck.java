package dev.iommuc.checks;

import dev.iommuc.model.Data;
import dev.iommuc.model.Marker;
import dev.iommuc.model.Property;

import java.util.List;

/**
 * The provider/consumer family ({@code iommus} + {@code #iommu-cells}, {@code clocks} +
 * {@code #clock-cells}, …): one implementation, instantiated per pair in {@link CheckRegistry} as dtc
 * instantiates WARNING_PROPERTY_PHANDLE_CELLS. A consumer property is a list of entries, each a
 * provider phandle followed by as many argument cells as the provider's cells property says.
 *
 * <p>Each pair yields two checks: {@code <x>_is_cell} (the cells property is one cell) and
 * {@code <x>_property} (the walk below), the latter depending on the former and on phandle
 * resolution. {@code gpios_property} walks every GPIO-named property with {@code #gpio-cells}.
 *
 * @param check     dtc's stem, e.g. {@code iommus}; the checks are {@code <check>_property}/{@code _is_cell}
 * @param prop      consumer property, e.g. {@code iommus}
 * @param cells     provider property giving the argument count, e.g. {@code #iommu-cells}
 * @param optional  a provider without {@code cells} takes no arguments instead of being an error
 *                  (only msi-parent)
 */
record PhandleArgsCheck(String check, String prop, String cells, boolean optional) {

    /** dtc's table, in its order. */
    static final List<PhandleArgsCheck> PAIRS = List.of(
            new PhandleArgsCheck("clocks", "clocks", "#clock-cells", false),
            new PhandleArgsCheck("cooling_device", "cooling-device", "#cooling-cells", false),
            new PhandleArgsCheck("dmas", "dmas", "#dma-cells", false),
            new PhandleArgsCheck("hwlocks", "hwlocks", "#hwlock-cells", false),
            new PhandleArgsCheck("interrupts_extended", "interrupts-extended", "#interrupt-cells", false),
            new PhandleArgsCheck("io_channels", "io-channels", "#io-channel-cells", false),
            new PhandleArgsCheck("iommus", "iommus", "#iommu-cells", false),
            new PhandleArgsCheck("mboxes", "mboxes", "#mbox-cells", false),
            new PhandleArgsCheck("msi_parent", "msi-parent", "#msi-cells", true),
            new PhandleArgsCheck("mux_controls", "mux-controls", "#mux-control-cells", false),
            new PhandleArgsCheck("phys", "phys", "#phy-cells", false),
            new PhandleArgsCheck("power_domains", "power-domains", "#power-domain-cells", false),
            new PhandleArgsCheck("pwms", "pwms", "#pwm-cells", false),
            new PhandleArgsCheck("resets", "resets", "#reset-cells", false),
            new PhandleArgsCheck("sound_dai", "sound-dai", "#sound-dai-cells", false),
            new PhandleArgsCheck("thermal_sensors", "thermal-sensors", "#thermal-sensor-cells", false));

    String propertyCheckId() {
        return check + "_property";
    }

    String isCellCheckId() {
        return check + "_is_cell";
    }

    /** Body of {@code <x>_property}: the first live consumer property of each node. */
    void checkNode(CheckRun run, NodeFacts node) {
        Property p = node.prop(prop);
        if (p != null) {
            walk(run, node, p, cells, optional);
        }
    }

    /**
     * dtc check_property_phandle_args. Phandle 0 and 0xffffffff are holes some bindings use for
     * unused positions (skipped, but in an overlay they are unresolved references and the walk
     * stops). Counters are unsigned 32-bit as in dtc, so a huge cell count cannot loop or overflow.
     */
    static void walk(CheckRun run, NodeFacts node, Property p, String cellsName, boolean optional) {
        Data v = p.value();
        int len = v.length();
        if (len % 4 != 0) {
            run.failProp(node, p, "property size (" + len + ") is invalid, expected multiple of 4");
            return;
        }
        boolean hasMarkers = !v.markers().isEmpty();
        int count = len / 4;
        int cellsize = 0;
        for (int cell = 0; Integer.compareUnsigned(cell, count) < 0; cell += cellsize + 1) {
            int phandle = v.cell(4 * cell);
            if (phandle == 0 || phandle == -1) {
                if (run.tree().plugin()) {
                    break;
                }
                cellsize = 0;
                continue;
            }
            // Source values carry markers; then the phandle slot must be a reference, not a number
            // that happens to match some node's phandle.
            if (hasMarkers && !isPhandleSlot(v, 4 * cell)) {
                run.failProp(node, p, "cell " + cell + " is not a phandle reference");
            }
            NodeFacts provider = run.tree().byPhandle(phandle);
            if (provider == null) {
                run.failProp(node, p, "Could not get phandle node for (cell " + cell + ")");
                break;
            }
            Property cp = provider.prop(cellsName);
            if (cp != null) {
                cellsize = CheckRun.cellAt(cp.value(), 0);
            } else if (optional) {
                cellsize = 0;
            } else {
                run.fail(node, "Missing property '" + cellsName + "' in node " + provider.path()
                        + " or bad phandle (referred from " + p.name() + "[" + cell + "])");
                break;
            }
            int expected = (cell + cellsize + 1) * 4;
            // cellsize 0xffffffff makes dtc's step "cellsize + 1" zero and dtc loops forever; we call
            // it too small instead.
            if (Integer.compareUnsigned(expected, cell) <= 0 || Integer.compareUnsigned(len, expected) < 0
                    || cellsize == -1) {
                run.failProp(node, p, "property size (" + len + ") too small for cell size "
                        + Integer.toUnsignedString(cellsize));
                break;
            }
        }
    }

    private static boolean isPhandleSlot(Data v, int offset) {
        List<Marker> ms = v.markers();
        for (int mI = 0; mI < ms.size(); mI++) {
            Marker m = ms.get(mI);
            if (m.kind() == Marker.Kind.REF_PHANDLE && m.offset() == offset) {
                return true;
            }
        }
        return false;
    }

    // ---- GPIOs: any property named like a GPIO list, against #gpio-cells ----

    /** dtc prop_is_gpio; {@code ,nr-gpios} is a count, not a GPIO list. */
    static boolean isGpioProperty(String name) {
        // every property of every node is asked twice: most names end in neither "gpios" nor "gpio",
        // which one character compare each tells
        int n = name.length();
        char last = n < 4 ? 0 : name.charAt(n - 1);
        if (!(last == 's' && n >= 5 && name.charAt(n - 5) == 'g' || last == 'o' && name.charAt(n - 4) == 'g')) {
            return false;
        }
        if (name.endsWith(",nr-gpios")) {
            return false;
        }
        return name.endsWith("-gpios") || name.equals("gpios") || name.endsWith("-gpio") || name.equals("gpio");
    }

    /** Hog nodes describe a GPIO of their own controller in {@code gpios}, without a phandle. */
    static void gpiosProperty(CheckRun run, NodeFacts node) {
        if (!node.hasGpioProperty() || node.prop("gpio-hog") != null) {
            return;
        }
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
            if (isGpioProperty(p.name())) {
                walk(run, node, p, "#gpio-cells", false);
            }
        }
    }

    static void deprecatedGpioProperty(CheckRun run, NodeFacts node) {
        if (!node.hasGpioProperty()) {
            return;
        }
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
            if (isGpioProperty(p.name()) && p.name().endsWith("gpio")) {
                run.failProp(node, p, "'[*-]gpio' is deprecated, use '[*-]gpios' instead");
            }
        }
    }
}

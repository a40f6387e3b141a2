package dev.iommuc.checks;

import dev.iommuc.model.Data;
import dev.iommuc.model.Property;

/**
 * Property-type checks (a named property must be one string, a string list or one cell) and the
 * {@code /chosen} checks, which reuse them. Parameterised as dtc's WARNING_IF_NOT_* macros are: one
 * body per shape, instantiated per property name in {@link CheckRegistry}.
 */
final class ValueChecks {

    private ValueChecks() {
    }

    /** dtc data_is_one_string: non-empty, NUL-terminated, no NUL before the end. */
    static boolean isOneString(Data d) {
        return d.asString() != null;
    }

    /** dtc check_is_string_list: every piece NUL-terminated; an empty value passes. */
    static boolean isStringList(Data d) {
        return d.length() == 0 || d.bytes()[d.length() - 1] == 0;
    }

    static Check.Body isString(String propName) {
        return (run, node) -> {
            Property p = node.prop(propName);
            if (p != null) {
                requireString(run, node, p);
            }
        };
    }

    private static void requireString(CheckRun run, NodeFacts node, Property p) {
        if (!isOneString(p.value())) {
            run.failProp(node, p, "property is not a string");
        }
    }

    static Check.Body isStringList(String propName) {
        return (run, node) -> {
            Property p = node.prop(propName);
            if (p != null) {
                requireStringList(run, node, p);
            }
        };
    }

    private static void requireStringList(CheckRun run, NodeFacts node, Property p) {
        if (!isStringList(p.value())) {
            run.failProp(node, p, "property is not a string list");
        }
    }

    static Check.Body isCell(String propName) {
        return (run, node) -> {
            Property p = node.prop(propName);
            if (p != null && p.value().length() != 4) {
                run.failProp(node, p, "property is not a single cell");
            }
        };
    }

    /**
     * Every {@code *-names} property. dtc looks each one up again by name, so with two live properties
     * of the same name the first is checked twice; we keep that.
     */
    static void namesIsStringList(CheckRun run, NodeFacts node) {
        if (!node.hasNamesProperty()) {
            return;
        }
        for (int i = 0; i < node.propCount(); i++) {
            if (isNamesProperty(node.propAt(i).name())) {
                requireStringList(run, node, node.firstOf(i));
            }
        }
    }

    /** A name ending in "-names" (two character compares rule out most names). */
    static boolean isNamesProperty(String name) {
        int n = name.length();
        return n >= 6 && name.charAt(n - 1) == 's' && name.charAt(n - 6) == '-' && name.endsWith("-names");
    }

    // ---- /chosen ----

    static void obsoleteChosenInterruptController(CheckRun run, NodeFacts node) {
        if (!node.isRoot()) {
            return;
        }
        NodeFacts chosen = node.child("chosen");
        Property p = chosen == null ? null : chosen.prop("interrupt-controller");
        if (p != null) {
            // dtc names the root node with /chosen's property: subject "/:interrupt-controller"
            run.failProp(node, p, "/chosen has obsolete \"interrupt-controller\" property");
        }
    }

    static void chosenNodeIsRoot(CheckRun run, NodeFacts node) {
        if (node.name().equals("chosen") && (node.isRoot() || !node.parent().isRoot())) {
            run.fail(node, "chosen node must be at root node");
        }
    }

    static void chosenNodeBootargs(CheckRun run, NodeFacts node) {
        if (!node.name().equals("chosen")) {
            return;
        }
        Property p = node.prop("bootargs");
        if (p != null) {
            requireString(run, node, p);
        }
    }

    static void chosenNodeStdoutPath(CheckRun run, NodeFacts node) {
        if (!node.name().equals("chosen")) {
            return;
        }
        Property p = node.prop("stdout-path");
        if (p == null) {
            p = node.prop("linux,stdout-path");
            if (p == null) {
                return;
            }
            run.failProp(node, p, "Use 'stdout-path' instead");
        }
        requireString(run, node, p);
    }
}

package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.LabelSite;
import dev.iommuc.model.Marker;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * dtc's structure checks: names of nodes and properties, the {@code name} property, and labels.
 * Multiplicity follows dtc's nested loops (three equal names give the third one two reports), so a
 * diagnostic count compares equal with dtc's.
 */
final class NameChecks {

    private NameChecks() {
    }

    private static final String LOWER = "abcdefghijklmnopqrstuvwxyz";
    private static final String UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZ";
    private static final String DIGITS = "0123456789";
    static final String NODE_CHARS = LOWER + UPPER + DIGITS + ",._+-@";
    static final String PROP_CHARS = LOWER + UPPER + DIGITS + ",._+*#?-";
    static final String STRICT_CHARS = LOWER + UPPER + DIGITS + ",-";

    /** C strspn: length of the prefix of {@code s} (from {@code from}) made of {@code set} characters. */
    static int span(String s, int from, String set) {
        int i = from;
        while (i < s.length() && set.indexOf(s.charAt(i)) >= 0) {
            i++;
        }
        return i - from;
    }

    /**
     * Each sibling reports every later sibling of the same full name, in dtc's order (outer loop over
     * the earlier one), so a name used three times reports the third one twice.
     */
    static void duplicateNodeNames(CheckRun run, Node node) {
        List<Node> kids = run.tree().children(node);
        if (kids.size() < 2) {
            return;
        }
        Map<String, List<Node>> byName = new HashMap<>();
        for (Node c : kids) {
            byName.computeIfAbsent(c.name(), k -> new ArrayList<>(1)).add(c);
        }
        Map<String, Integer> seen = new HashMap<>();
        for (Node c : kids) {
            List<Node> same = byName.get(c.name());
            if (same.size() < 2) {
                continue;
            }
            int k = seen.merge(c.name(), 1, Integer::sum);
            for (Node later : same.subList(k, same.size())) {
                run.fail(later, "Duplicate node name");
            }
        }
    }

    /** dtc reports the *earlier* property, once per later duplicate, at the earlier one's position. */
    static void duplicatePropertyNames(CheckRun run, Node node) {
        List<Property> props = run.tree().props(node);
        if (props.size() < 2) {
            return;
        }
        Map<String, Integer> remaining = new HashMap<>();
        for (Property p : props) {
            remaining.merge(p.name(), 1, Integer::sum);
        }
        for (Property p : props) {
            int later = remaining.merge(p.name(), -1, Integer::sum);
            for (int i = 0; i < later; i++) {
                run.failProp(node, p, "Duplicate property name");
            }
        }
    }

    static void nodeNameChars(CheckRun run, Node node) {
        String name = node.name();
        int n = span(name, 0, NODE_CHARS);
        if (n < name.length()) {
            run.fail(node, "Bad character '" + name.charAt(n) + "' in node name");
        }
    }

    static void nodeNameCharsStrict(CheckRun run, Node node) {
        String name = node.name();
        int n = span(name, 0, STRICT_CHARS);
        if (n < node.baseName().length()) {
            run.fail(node, "Character '" + name.charAt(n) + "' not recommended in node name");
        }
    }

    static void nodeNameFormat(CheckRun run, Node node) {
        if (CheckRun.unitName(node).indexOf('@') >= 0) {
            run.fail(node, "multiple '@' characters in node name");
        }
    }

    /** New in dtc 1.8: {@code @1 { }} parses as a node with an empty base name. */
    static void nodeNameNotEmpty(CheckRun run, Node node) {
        if (node.baseName().isEmpty() && node.parent() != null) {
            run.fail(node, "Empty node name");
        }
    }

    static void propertyNameChars(CheckRun run, Node node) {
        for (Property p : run.tree().props(node)) {
            String name = p.name();
            int n = span(name, 0, PROP_CHARS);
            if (n < name.length()) {
                run.failProp(node, p, "Bad character '" + name.charAt(n) + "' in property name");
            }
        }
    }

    /** '#' is tolerated once, at the start of the name or right after a vendor prefix's ','. */
    static void propertyNameCharsStrict(CheckRun run, Node node) {
        for (Property p : run.tree().props(node)) {
            String name = p.name();
            int n = span(name, 0, STRICT_CHARS);
            if (n == name.length() || name.equals("device_type")) {
                continue;
            }
            int from = 0;
            if (name.charAt(n) == '#' && (n == 0 || name.charAt(n - 1) == ',')) {
                from = n + 1;
                n = span(name, from, STRICT_CHARS);
            }
            if (from + n < name.length()) {
                run.failProp(node, p, "Character '" + name.charAt(from + n) + "' not recommended in property name");
            }
        }
    }

    /**
     * Only the incorrect case: a {@code name} equal to the base name is redundant and the resolve stage
     * drops it before the checks (dtc deletes it inside this check).
     */
    static void nameProperties(CheckRun run, Node node) {
        Property p = run.tree().prop(node, "name");
        if (p == null) {
            return;
        }
        String base = node.baseName();
        byte[] v = p.value().bytes();
        boolean same = v.length == base.length() + 1;
        for (int i = 0; same && i < base.length(); i++) {
            same = (v[i] & 0xff) == base.charAt(i);
        }
        if (!same) {
            run.fail(node, "\"name\" property is incorrect (\"" + CheckRun.cString(p.value())
                    + "\" instead of base node name)");
        }
    }

    static void nodeNameVsPropertyName(CheckRun run, Node node) {
        if (node.parent() != null && run.tree().prop(node.parent(), node.name()) != null) {
            run.fail(node, "node name and property name conflict");
        }
    }

    /**
     * Node labels, property labels and labels inside values share one namespace. Each occurrence is
     * compared with the first one dtc's look-ups find (nodes, then properties, then values); only the
     * very same site is not a duplicate, so one label twice on a node is fine. Labels on
     * /memreserve/ entries are not looked at, as in dtc, which accepts them clashing with anything.
     */
    static void duplicateLabel(CheckRun run, Node node) {
        for (String l : node.labels().live()) {
            compareLabel(run, l, node, null, null);
        }
        for (Property p : run.tree().props(node)) {
            for (String l : p.labels().live()) {
                compareLabel(run, l, node, p, null);
            }
            for (Marker m : p.value().markers()) {
                if (m.kind() == Marker.Kind.LABEL) {
                    compareLabel(run, m.ref(), node, p, m);
                }
            }
        }
    }

    private static void compareLabel(CheckRun run, String label, Node node, Property prop, Marker mark) {
        LabelSite other = run.tree().firstLabelSite(label);
        if (other == null) {
            return;
        }
        if (other.node() != node || other.prop() != prop || other.marker() != mark) {
            run.fail(node, "Duplicate label '" + label + "' on " + describe(node, prop, mark) + " and "
                    + describe(other.node(), other.prop(), other.marker()));
        }
    }

    private static String describe(Node node, Property prop, Marker mark) {
        return (mark != null ? "value of " : "") + (prop != null ? "'" + prop.name() + "' in " : "") + node.path();
    }
}

package dev.iommuc.checks;

import dev.iommuc.checks.TreeFacts.LabelSite;
import dev.iommuc.model.Label;
import dev.iommuc.model.Marker;
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
    static final CharClass NODE_CHARS = new CharClass(LOWER + UPPER + DIGITS + ",._+-@");
    static final CharClass PROP_CHARS = new CharClass(LOWER + UPPER + DIGITS + ",._+*#?-");
    static final CharClass STRICT_CHARS = new CharClass(LOWER + UPPER + DIGITS + ",-");

    /** A set of ASCII characters as two bit masks, so a name check tests a bit per character. */
    record CharClass(long low, long high) {
        CharClass(String chars) {
            this(mask(chars, 0), mask(chars, 64));
        }

        private static long mask(String chars, int from) {
            long m = 0;
            for (int i = 0; i < chars.length(); i++) {
                int c = chars.charAt(i) - from;
                if (c >= 0 && c < 64) {
                    m |= 1L << c;
                }
            }
            return m;
        }

        boolean has(char c) {
            return c < 128 && ((c < 64 ? low : high) >>> (c & 63) & 1) != 0;
        }
    }

    /** C strspn: length of the prefix of {@code s} (from {@code from}) made of {@code set} characters. */
    static int span(String s, int from, CharClass set) {
        long low = set.low();
        long high = set.high();
        int n = s.length();
        for (int i = from; i < n; i++) {
            char c = s.charAt(i);
            if (c >= 128 || ((c < 64 ? low : high) >>> (c & 63) & 1) == 0) {
                return i - from;
            }
        }
        return n - from;
    }

    /** String equality that first compares the cached hashes: most names compared here differ. */
    private static boolean sameName(String a, String b) {
        return a.hashCode() == b.hashCode() && a.equals(b);
    }

    /** Up to this many siblings or properties, duplicates are found by comparing pairs, without allocating. */
    private static final int PAIRWISE = 16;

    /**
     * Each sibling reports every later sibling of the same full name, in dtc's order (outer loop over
     * the earlier one), so a name used three times reports the third one twice.
     */
    static void duplicateNodeNames(CheckRun run, NodeFacts node) {
        int k = node.childCount();
        if (k < 2) {
            return;
        }
        if (k <= PAIRWISE) {
            for (int i = 0; i < k; i++) {
                String name = node.childAt(i).name();
                for (int j = i + 1; j < k; j++) {
                    if (sameName(node.childAt(j).name(), name)) {
                        run.fail(node.childAt(j), "Duplicate node name");
                    }
                }
            }
            return;
        }
        Map<String, List<NodeFacts>> byName = new HashMap<>();
        for (int i = 0; i < k; i++) {
            NodeFacts c = node.childAt(i);
            byName.computeIfAbsent(c.name(), x -> new ArrayList<>(1)).add(c);
        }
        if (byName.size() == k) {
            return;
        }
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; i < k; i++) {
            NodeFacts c = node.childAt(i);
            List<NodeFacts> same = byName.get(c.name());
            if (same.size() < 2) {
                continue;
            }
            int n = seen.merge(c.name(), 1, Integer::sum);
            for (NodeFacts later : same.subList(n, same.size())) {
                run.fail(later, "Duplicate node name");
            }
        }
    }

    /** dtc reports the *earlier* property, once per later duplicate, at the earlier one's position. */
    static void duplicatePropertyNames(CheckRun run, NodeFacts node) {
        int k = node.propCount();
        if (k < 2 || !node.mayHaveDuplicateProperty()) {
            return;
        }
        if (k <= PAIRWISE) {
            for (int i = 0; i < k; i++) {
                Property p = node.propAt(i);
                for (int j = i + 1; j < k; j++) {
                    if (sameName(node.propAt(j).name(), p.name())) {
                        run.failProp(node, p, "Duplicate property name");
                    }
                }
            }
            return;
        }
        Map<String, Integer> remaining = new HashMap<>();
        for (int i = 0; i < k; i++) {
            remaining.merge(node.propAt(i).name(), 1, Integer::sum);
        }
        if (remaining.size() == k) {
            return;
        }
        for (int i = 0; i < k; i++) {
            Property p = node.propAt(i);
            int later = remaining.merge(p.name(), -1, Integer::sum);
            for (int j = 0; j < later; j++) {
                run.failProp(node, p, "Duplicate property name");
            }
        }
    }

    static void nodeNameChars(CheckRun run, NodeFacts node) {
        String name = node.name();
        int n = span(name, 0, NODE_CHARS);
        if (n < name.length()) {
            run.fail(node, "Bad character '" + name.charAt(n) + "' in node name");
        }
    }

    static void nodeNameCharsStrict(CheckRun run, NodeFacts node) {
        String name = node.name();
        int n = span(name, 0, STRICT_CHARS);
        if (n < node.baseName().length()) {
            run.fail(node, "Character '" + name.charAt(n) + "' not recommended in node name");
        }
    }

    static void nodeNameFormat(CheckRun run, NodeFacts node) {
        if (node.hasUnit() && node.unit().indexOf('@') >= 0) {
            run.fail(node, "multiple '@' characters in node name");
        }
    }

    /** New in dtc 1.8: {@code @1 { }} parses as a node with an empty base name. */
    static void nodeNameNotEmpty(CheckRun run, NodeFacts node) {
        if (node.baseIs("") && !node.isRoot()) {
            run.fail(node, "Empty node name");
        }
    }

    static void propertyNameChars(CheckRun run, NodeFacts node) {
        if (!node.badPropertyNameChars()) {
            return;
        }
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
            String name = p.name();
            int n = span(name, 0, PROP_CHARS);
            if (n < name.length()) {
                run.failProp(node, p, "Bad character '" + name.charAt(n) + "' in property name");
            }
        }
    }

    /** '#' is tolerated once, at the start of the name or right after a vendor prefix's ','. */
    static void propertyNameCharsStrict(CheckRun run, NodeFacts node) {
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
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
    static void nameProperties(CheckRun run, NodeFacts node) {
        Property p = node.prop("name");
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

    static void nodeNameVsPropertyName(CheckRun run, NodeFacts node) {
        if (!node.isRoot() && node.parent().prop(node.name()) != null) {
            run.fail(node, "node name and property name conflict");
        }
    }

    /**
     * Node labels, property labels and labels inside values share one namespace. Each occurrence is
     * compared with the first one dtc's look-ups find (nodes, then properties, then values); only the
     * very same site is not a duplicate, so one label twice on a node is fine. Labels on
     * /memreserve/ entries are not looked at, as in dtc, which accepts them clashing with anything.
     */
    static void duplicateLabel(CheckRun run, NodeFacts node) {
        if (!run.tree().labelRepeats()) {
            return;
        }
        List<Label> ls = node.node().labels().all();
        for (int lI = 0; lI < ls.size(); lI++) {
            Label l = ls.get(lI);
            if (!l.deleted()) {
                compareLabel(run, l.name(), node, null, null);
            }
        }
        for (int i = 0; i < node.propCount(); i++) {
            Property p = node.propAt(i);
            List<Label> pls = p.labelList();
            for (int lI = 0; lI < pls.size(); lI++) {
                Label l = pls.get(lI);
                if (!l.deleted()) {
                    compareLabel(run, l.name(), node, p, null);
                }
            }
            List<Marker> ms = p.value().markers();
            for (int mI = 0; mI < ms.size(); mI++) {
                Marker m = ms.get(mI);
                if (m.kind() == Marker.Kind.LABEL) {
                    compareLabel(run, m.ref(), node, p, m);
                }
            }
        }
    }

    private static void compareLabel(CheckRun run, String label, NodeFacts node, Property prop, Marker mark) {
        LabelSite other = run.tree().firstLabelSite(label);
        if (other == null) {
            return;
        }
        if (other.node() != node || other.prop() != prop || other.marker() != mark) {
            run.fail(node, "Duplicate label '" + label + "' on " + describe(node, prop, mark) + " and "
                    + describe(other.node(), other.prop(), other.marker()));
        }
    }

    private static String describe(NodeFacts node, Property prop, Marker mark) {
        return (mark != null ? "value of " : "") + (prop != null ? "'" + prop.name() + "' in " : "") + node.path();
    }
}

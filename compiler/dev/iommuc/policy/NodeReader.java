package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Typed reading of a composed YAML node tree, where every refusal becomes a located diagnostic
 * naming the key path ({@code hardware[0].params.num-context-banks}). Accessors return null after
 * reporting, so the schema code reads straight through and collects all problems of a file in one
 * run; after {@link #MAX_ERRORS} errors it stays silent (a wrong file should not flood the terminal).
 */
final class NodeReader {

    static final int MAX_ERRORS = 50;

    private final String file;
    private final Diagnostics diags;
    private final Set<String> reported = new HashSet<>();
    private int errors;

    NodeReader(String file, Diagnostics diags) {
        this.file = file;
        this.diags = diags;
    }

    boolean failed() {
        return errors > 0;
    }

    /** Line 1, column 1 of the file: for problems of the file as a whole. */
    SourcePos start() {
        return SourcePos.of(file, 1, 1);
    }

    /** 1-based start, inclusive end on the same line when the node fits on one. */
    SourcePos pos(Node n) {
        return pos(n.getStartMark(), n.getEndMark());
    }

    SourcePos pos(Mark start, Mark end) {
        int line = start.getLine() + 1;
        int col = start.getColumn() + 1;
        if (end != null && end.getLine() == start.getLine() && end.getColumn() > start.getColumn()) {
            return new SourcePos(file, line, col, line, end.getColumn());
        }
        return SourcePos.of(file, line, col);
    }

    void error(String check, Node at, String path, String message) {
        error(check, pos(at), path, message);
    }

    void error(String check, SourcePos at, String path, String message) {
        errors++;
        String text = path.isEmpty() ? message : path + ": " + message;
        // an aliased node is walked once per use; say it once
        if (errors <= MAX_ERRORS && reported.add(check + at + text)) {
            diags.error(check, at, text);
        }
    }

    static String child(String path, String key) {
        return path.isEmpty() ? key : path + "." + key;
    }

    static String item(String path, int index) {
        return path + "[" + index + "]";
    }

    /** What a node is, for "expected X, got Y" messages. */
    static String describe(Node n) {
        if (n instanceof MappingNode) {
            return "a mapping";
        }
        if (n instanceof SequenceNode) {
            return "a list";
        }
        Tag t = n.getTag();
        if (Tag.NULL.equals(t)) {
            return "an empty value";
        }
        if (Tag.INT.equals(t)) {
            return "an integer";
        }
        if (Tag.BOOL.equals(t)) {
            return "a boolean";
        }
        if (Tag.FLOAT.equals(t)) {
            return "a float";
        }
        return "a string";
    }

    private void wrongType(Node n, String path, String expected) {
        error(PolicyChecks.TYPE, n, path, "expected " + expected + ", got " + describe(n));
    }

    MappingNode map(Node n, String path) {
        if (n instanceof MappingNode m) {
            return m;
        }
        wrongType(n, path, "a mapping");
        return null;
    }

    /** The items of a list; null after reporting when {@code n} is not one (or is empty and must not be). */
    List<Node> list(Node n, String path, boolean nonEmpty) {
        if (!(n instanceof SequenceNode s)) {
            wrongType(n, path, "a list");
            return null;
        }
        if (nonEmpty && s.getValue().isEmpty()) {
            error(PolicyChecks.VALUE, n, path, "must not be empty");
            return null;
        }
        return s.getValue();
    }

    /**
     * The entries of a mapping by key, in file order. Reports duplicate keys, keys that are not plain
     * strings, merge keys and keys outside {@code known}; those entries are left out.
     */
    Map<String, Node> fields(MappingNode m, String path, List<String> known) {
        Map<String, Node> out = new LinkedHashMap<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (NodeTuple t : m.getValue()) {
            Node k = t.getKeyNode();
            if (Tag.MERGE.equals(k.getTag())) {
                error(PolicyChecks.UNKNOWN_KEY, k, path, "merge keys (<<) are not supported; repeat the keys");
                continue;
            }
            if (!(k instanceof ScalarNode ks) || !Tag.STR.equals(k.getTag())) {
                error(PolicyChecks.TYPE, k, path, "keys must be plain strings, got " + describe(k));
                continue;
            }
            String key = ks.getValue();
            Integer first = firstLine.putIfAbsent(key, k.getStartMark().getLine() + 1);
            if (first != null) {
                error(PolicyChecks.DUPLICATE_KEY, k, path, "duplicate key '" + key + "' (first at line " + first + ")");
                continue;
            }
            if (!known.contains(key)) {
                error(PolicyChecks.UNKNOWN_KEY, k, path, "unknown key '" + key + "'" + suggest(key, known));
                continue;
            }
            out.put(key, t.getValueNode());
        }
        return out;
    }

    private static String suggest(String key, List<String> known) {
        for (String k : known) {
            if (distance(key.toLowerCase(), k.toLowerCase()) <= 2) {
                return "; did you mean '" + k + "'?";
            }
        }
        return "; expected one of: " + String.join(", ", known);
    }

    private static int distance(String a, String b) {
        int[] prev = new int[b.length() + 1];
        int[] cur = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            prev[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            cur[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int sub = prev[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                cur[j] = Math.min(sub, Math.min(prev[j], cur[j - 1]) + 1);
            }
            int[] t = prev;
            prev = cur;
            cur = t;
        }
        return prev[b.length()];
    }

    /** Reports a required key that is absent; true when present. */
    boolean require(Map<String, Node> fields, MappingNode m, String path, String key) {
        if (fields.containsKey(key)) {
            return true;
        }
        error(PolicyChecks.MISSING_KEY, m, path, "missing required key '" + key + "'");
        return false;
    }

    /** A non-empty string scalar (integers are taken as written; booleans and empty values are not strings). */
    String string(Node n, String path) {
        if (!(n instanceof ScalarNode s) || Tag.NULL.equals(n.getTag()) || Tag.BOOL.equals(n.getTag())) {
            wrongType(n, path, "a string");
            return null;
        }
        if (s.getValue().isEmpty()) {
            error(PolicyChecks.VALUE, n, path, "must not be empty");
            return null;
        }
        return s.getValue();
    }

    /** A string, or a non-empty list of strings, each with its node. */
    List<ScalarNode> strings(Node n, String path) {
        List<ScalarNode> out = new ArrayList<>();
        if (n instanceof SequenceNode) {
            List<Node> items = list(n, path, true);
            if (items == null) {
                return null;
            }
            for (int i = 0; i < items.size(); i++) {
                if (string(items.get(i), item(path, i)) != null) {
                    out.add((ScalarNode) items.get(i));
                }
            }
            return out.size() == items.size() ? out : null;
        }
        if (string(n, path) == null) {
            return null;
        }
        out.add((ScalarNode) n);
        return out;
    }

    Boolean bool(Node n, String path) {
        if (n instanceof ScalarNode s && Tag.BOOL.equals(n.getTag())) {
            return switch (s.getValue().toLowerCase()) {
                case "true", "yes", "on" -> true;
                default -> false;
            };
        }
        wrongType(n, path, "a boolean (true or false)");
        return null;
    }

    /** An integer scalar (not a quoted string) within [min, max]. */
    Long integer(Node n, String path, long min, long max) {
        if (!(n instanceof ScalarNode s) || !Tag.INT.equals(n.getTag())) {
            wrongType(n, path, "an integer");
            return null;
        }
        Numbers.Parsed p = Numbers.integer(s.getValue());
        return inRange(n, path, p, s.getValue(), min, max);
    }

    /** An unsigned 64-bit integer scalar. */
    Long u64(Node n, String path) {
        if (!(n instanceof ScalarNode s) || !Tag.INT.equals(n.getTag())) {
            wrongType(n, path, "an integer");
            return null;
        }
        return u64(n, path, Numbers.integer(s.getValue()), s.getValue());
    }

    /** A size: an integer, or a string with a K/M/G suffix; unsigned 64-bit. */
    Long size(Node n, String path) {
        if (!(n instanceof ScalarNode s) || !(Tag.INT.equals(n.getTag()) || Tag.STR.equals(n.getTag()))) {
            wrongType(n, path, "a size (an integer, or with K/M/G)");
            return null;
        }
        return u64(n, path, Numbers.size(s.getValue()), s.getValue());
    }

    private Long u64(Node n, String path, Numbers.Parsed p, String text) {
        if (p.error() != null) {
            error(PolicyChecks.VALUE, n, path, p.error());
            return null;
        }
        String why = Numbers.u64Problem(p.value(), text);
        if (why != null) {
            error(PolicyChecks.VALUE, n, path, why);
            return null;
        }
        return p.value().longValue();
    }

    private Long inRange(Node n, String path, Numbers.Parsed p, String text, long min, long max) {
        if (p.error() != null) {
            error(PolicyChecks.VALUE, n, path, p.error());
            return null;
        }
        BigInteger v = p.value();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            String why = v.signum() < 0 && min >= 0 ? "must not be negative (" + Numbers.abbreviate(text) + ")"
                    : "must be between " + min + " and " + max + ", got " + Numbers.abbreviate(text);
            error(PolicyChecks.VALUE, n, path, why);
            return null;
        }
        return v.longValue();
    }

    /** One of the YAML spellings in {@code values}. */
    <E> E choice(Node n, String path, Map<String, E> values) {
        String s = string(n, path);
        if (s == null) {
            return null;
        }
        E e = values.get(s);
        if (e == null) {
            error(PolicyChecks.VALUE, n, path, "unknown value '" + Numbers.abbreviate(s) + "'; expected one of: "
                    + String.join(", ", values.keySet()));
        }
        return e;
    }
}

package dev.iommuc.plan;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;
import org.yaml.snakeyaml.nodes.SequenceNode;
import org.yaml.snakeyaml.nodes.Tag;

import java.io.StringReader;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a machine-written YAML document (a plan) through SnakeYAML's node API, so every complaint
 * names the key path and the line and column it stands at. Safe loading only: no global tags, no
 * duplicate keys, few aliases, bounded size and depth. Errors go to the sink under {@code check};
 * accessors return null (or a default) after reporting, so callers check {@code diags} at the end.
 */
final class YamlIn {

    private final String file;
    private final Diagnostics diags;
    private final String check;

    YamlIn(String file, Diagnostics diags, String check) {
        this.file = file;
        this.diags = diags;
        this.check = check;
    }

    /** Composes the document; null (reported) on a syntax or safety error. */
    Node compose(String text) {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(10);
        lo.setAllowRecursiveKeys(false);
        lo.setNestingDepthLimit(40);
        lo.setCodePointLimit(64 * 1024 * 1024);
        try {
            Node n = new Yaml(new SafeConstructor(lo), new org.yaml.snakeyaml.representer.Representer(
                    new org.yaml.snakeyaml.DumperOptions()), new org.yaml.snakeyaml.DumperOptions(), lo)
                    .compose(new StringReader(text));
            if (n == null) {
                diags.error(check, SourcePos.of(file, 1, 1), "empty document");
            }
            return n;
        } catch (MarkedYAMLException e) {
            Mark m = e.getProblemMark() != null ? e.getProblemMark() : e.getContextMark();
            diags.error(check, pos(m), "YAML: " + firstLine(e.getProblem() == null ? e.getMessage() : e.getProblem()));
            return null;
        } catch (YAMLException | IllegalStateException e) {
            diags.error(check, SourcePos.of(file, 1, 1), "YAML: " + firstLine(e.getMessage()));
            return null;
        }
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "malformed";
        }
        int nl = s.indexOf('\n');
        return nl < 0 ? s : s.substring(0, nl);
    }

    SourcePos pos(Mark m) {
        return m == null ? SourcePos.of(file, 1, 1) : SourcePos.of(file, m.getLine() + 1, m.getColumn() + 1);
    }

    SourcePos pos(Node n) {
        return pos(n.getStartMark());
    }

    void error(Node at, String path, String msg) {
        diags.error(check, at == null ? SourcePos.of(file, 1, 1) : pos(at), path + ": " + msg);
    }

    /** The keys of a mapping in order, complaining about keys not in {@code allowed}; null if not a mapping. */
    Map<String, Node> mapping(Node n, String path, Set<String> allowed) {
        if (!(n instanceof MappingNode mn)) {
            error(n, path, "expected a mapping");
            return null;
        }
        Map<String, Node> out = new LinkedHashMap<>();
        for (NodeTuple t : mn.getValue()) {
            if (!(t.getKeyNode() instanceof ScalarNode k)) {
                error(t.getKeyNode(), path, "keys must be plain strings");
                continue;
            }
            if (!allowed.contains(k.getValue())) {
                error(k, path + "." + k.getValue(), "unknown key (expected one of " + String.join(", ", allowed) + ")");
                continue;
            }
            out.put(k.getValue(), t.getValueNode());
        }
        return out;
    }

    List<Node> sequence(Node n, String path) {
        if (n == null) {
            return List.of();
        }
        if (!(n instanceof SequenceNode sn)) {
            error(n, path, "expected a list");
            return List.of();
        }
        return new ArrayList<>(sn.getValue());
    }

    /** A required or optional ({@code required=false}, returns null) string; YAML null gives null. */
    String string(Map<String, Node> m, String key, String path, boolean required) {
        Node n = m.get(key);
        if (n == null) {
            if (required) {
                error(null, path + "." + key, "missing");
            }
            return null;
        }
        if (!(n instanceof ScalarNode s)) {
            error(n, path + "." + key, "expected a string");
            return null;
        }
        if (s.getTag().equals(Tag.NULL)) {
            if (required) {
                error(n, path + "." + key, "must not be null");
            }
            return null;
        }
        return s.getValue();
    }

    /** An integer written in decimal or 0x-hex; {@code dflt} when absent and optional. */
    Long integer(Map<String, Node> m, String key, String path, Long dflt) {
        Node n = m.get(key);
        if (n == null) {
            if (dflt == null) {
                error(null, path + "." + key, "missing");
            }
            return dflt;
        }
        if (!(n instanceof ScalarNode s) || s.getTag().equals(Tag.NULL)) {
            error(n, path + "." + key, "expected an integer");
            return dflt;
        }
        String v = s.getValue().replace("_", "");
        try {
            if (v.startsWith("0x") || v.startsWith("0X")) {
                return Long.parseUnsignedLong(v.substring(2), 16);
            }
            return Long.parseLong(v);
        } catch (NumberFormatException e) {
            error(n, path + "." + key, "expected an integer, got '" + s.getValue() + "'");
            return dflt;
        }
    }

    Boolean bool(Map<String, Node> m, String key, String path, Boolean dflt) {
        String v = string(m, key, path, dflt == null);
        if (v == null) {
            return dflt;
        }
        if (v.equals("true") || v.equals("false")) {
            return Boolean.valueOf(v);
        }
        error(m.get(key), path + "." + key, "expected true or false, got '" + v + "'");
        return dflt;
    }

    List<String> strings(Map<String, Node> m, String key, String path) {
        List<String> out = new ArrayList<>();
        Node n = m.get(key);
        for (Node e : sequence(n, path + "." + key)) {
            if (e instanceof ScalarNode s && !s.getTag().equals(Tag.NULL)) {
                out.add(s.getValue());
            } else {
                error(e, path + "." + key, "expected a list of strings");
            }
        }
        return out;
    }

    <E extends Enum<E>> E enumValue(Map<String, Node> m, String key, String path, Class<E> type, E dflt) {
        String v = string(m, key, path, dflt == null);
        if (v == null) {
            return dflt;
        }
        for (E e : type.getEnumConstants()) {
            if (PlanWriter.enumName(e).equals(v)) {
                return e;
            }
        }
        List<String> names = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            names.add(PlanWriter.enumName(e));
        }
        error(m.get(key), path + "." + key, "'" + v + "' is not one of " + String.join(", ", names));
        return dflt;
    }
}

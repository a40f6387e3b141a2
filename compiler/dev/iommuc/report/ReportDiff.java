package dev.iommuc.report;

import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.representer.Representer;
import org.yaml.snakeyaml.resolver.Resolver;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * What moved between an expected (golden) {@code iommuc.report/v1} and the actual one, in the report's
 * own terms: "master /soc/usb@a600000: domain d3 -> d4", "iommu X: stream-map entry 3: smr
 * 0x800000e0 -> 0x800000e1", added and removed masters, new and vanished diagnostics. Entities are
 * matched by identity (iommus and masters by node, groups and domains by id, stream-map entries and
 * context banks by index), so one inserted master reads as one addition, not as every later line
 * shifting. Whatever this cannot name (unparsable YAML, a pure reordering) falls back to a unified
 * line diff. Both sides are read with every scalar kept as the text written, so values print exactly
 * as they appear in the files ({@code 0x880}, not 2176).
 */
public final class ReportDiff {

    /** Longest diff returned; a report that drifted more than this wants regenerating, not reading. */
    public static final int MAX_LINES = 200;

    /** A top-level list of entities: how one is named and which fields summarise an added one. */
    private record Kind(String noun, String idKey, List<String> summary) {
    }

    private static final Map<String, Kind> KINDS = Map.of(
            "iommus", new Kind("iommu", "node", List.of("model", "impl", "status")),
            "masters", new Kind("master", "node", List.of("iommu", "streams", "group", "domain")),
            "groups", new Kind("group", "id", List.of("iommu", "members", "default-domain")),
            "domains", new Kind("domain", "id", List.of("type", "context-bank")));

    /** Nested lists keyed by {@code index}, with the noun that names one entry. */
    private static final Map<String, String> INDEXED = Map.of("stream-map", "stream-map entry", "context-banks",
            "context bank");

    private ReportDiff() {
    }

    /**
     * The differences from {@code expected} to {@code actual}, one readable line each; empty when the
     * texts are equal. {@code expectedName} labels the expected side of a line diff.
     */
    public static List<String> diff(String expectedName, String expected, String actual) {
        if (expected.equals(actual)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        try {
            Object a = load(expected);
            Object b = load(actual);
            if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
                top(ma, mb, out);
            }
        } catch (YAMLException e) {
            out.clear();
        }
        if (out.isEmpty()) {
            return LineDiff.unified(expectedName, expected, "actual report", actual, MAX_LINES);
        }
        if (out.size() > MAX_LINES) {
            int more = out.size() - MAX_LINES;
            out.subList(MAX_LINES, out.size()).clear();
            out.add("... " + more + " more changes");
        }
        return out;
    }

    /** Safe loading, no implicit typing: {@code 0x880}, {@code null} and {@code 4K} stay the strings written. */
    private static Object load(String text) {
        LoaderOptions lo = new LoaderOptions();
        lo.setAllowDuplicateKeys(false);
        lo.setMaxAliasesForCollections(50);
        lo.setCodePointLimit(256 << 20);
        DumperOptions d = new DumperOptions();
        Resolver plain = new Resolver() {
            @Override
            protected void addImplicitResolvers() {
                // none: every plain scalar is a string
            }
        };
        return new Yaml(new SafeConstructor(lo), new Representer(d), d, lo, plain).load(text);
    }

    private static void top(Map<?, ?> a, Map<?, ?> b, List<String> out) {
        for (Object key : union(a, b)) {
            String k = String.valueOf(key);
            Object x = a.get(key);
            Object y = b.get(key);
            if (!a.containsKey(key) || !b.containsKey(key)) {
                out.add(k + ": " + (a.containsKey(key) ? "removed (was " + flow(x) + ")" : "added: " + flow(y)));
            } else if (KINDS.containsKey(k) && keyedList(x, KINDS.get(k).idKey()) && keyedList(y, KINDS.get(k).idKey())) {
                Kind kind = KINDS.get(k);
                entities(kind.noun() + " ", kind.idKey(), kind.summary(), (List<?>) x, (List<?>) y, out);
            } else if (k.equals("diagnostics") && x instanceof List<?> lx && y instanceof List<?> ly) {
                diagnostics(lx, ly, out);
            } else {
                compare(k, "", k, x, y, out);
            }
        }
    }

    /** Matches two lists of maps by {@code idKey}: changed, added (with a summary), removed. */
    private static void entities(String prefix, String idKey, List<String> summary, List<?> a, List<?> b,
                                 List<String> out) {
        Map<String, Map<?, ?>> ea = byId(a, idKey);
        Map<String, Map<?, ?>> eb = byId(b, idKey);
        for (Map.Entry<String, Map<?, ?>> e : eb.entrySet()) {
            String name = prefix + e.getKey();
            Map<?, ?> old = ea.get(e.getKey());
            if (old == null) {
                StringBuilder s = new StringBuilder(name).append(" added");
                String sep = ": ";
                for (String f : summary) {
                    if (e.getValue().containsKey(f)) {
                        s.append(sep).append(f).append(' ').append(flow(e.getValue().get(f)));
                        sep = ", ";
                    }
                }
                out.add(s.toString());
            } else {
                compare(name, "", "", old, e.getValue(), out);
            }
        }
        for (String id : ea.keySet()) {
            if (!eb.containsKey(id)) {
                out.add(prefix + id + " removed");
            }
        }
    }

    /**
     * Field-by-field differences inside one entity. {@code path} is the field path so far (space
     * separated; "registers" and "value" levels are left out: "smr", not "registers smr"), {@code key}
     * the last field name, which tells an indexed list (stream-map, context-banks) from a plain one.
     */
    private static void compare(String entity, String path, String key, Object a, Object b, List<String> out) {
        if (Objects.equals(a, b)) {
            return;
        }
        if (a instanceof Map<?, ?> ma && b instanceof Map<?, ?> mb) {
            for (Object k : union(ma, mb)) {
                String ks = String.valueOf(k);
                String sub = ks.equals("registers") || ks.equals("value") ? path : join(path, ks);
                if (!ma.containsKey(k)) {
                    out.add(entity + ": " + join(sub, "added: " + flow(mb.get(k))));
                } else if (!mb.containsKey(k)) {
                    out.add(entity + ": " + join(sub, "removed (was " + flow(ma.get(k)) + ")"));
                } else {
                    compare(entity, sub, ks, ma.get(k), mb.get(k), out);
                }
            }
            return;
        }
        if (a instanceof List<?> la && b instanceof List<?> lb) {
            if (INDEXED.containsKey(key) && keyedList(la, "index") && keyedList(lb, "index")) {
                entities(entity + ": " + INDEXED.get(key) + " ", "index", List.of(), la, lb, out);
                return;
            }
            boolean maps = la.stream().allMatch(x -> x instanceof Map) && lb.stream().allMatch(x -> x instanceof Map);
            if (maps && la.size() == lb.size()) {
                for (int i = 0; i < la.size(); i++) {
                    compare(entity, path + "[" + i + "]", key, la.get(i), lb.get(i), out);
                }
                return;
            }
        }
        out.add(entity + ": " + join(path, flow(a) + " -> " + flow(b)));
    }

    /** Diagnostics as a multiset keyed by what they say; one that only changed place is "moved". */
    private static void diagnostics(List<?> a, List<?> b, List<String> out) {
        Map<String, List<String>> before = new LinkedHashMap<>();
        for (Object d : a) {
            before.computeIfAbsent(what(d), k -> new ArrayList<>()).add(where(d));
        }
        Map<String, Integer> used = new HashMap<>();
        for (Object d : b) {
            String w = what(d);
            List<String> places = before.getOrDefault(w, List.of());
            int n = used.merge(w, 1, Integer::sum);
            if (n > places.size()) {
                out.add("diagnostic added: " + w + at(where(d)));
            } else if (!places.get(n - 1).equals(where(d))) {
                out.add("diagnostic moved: " + w + ": " + places.get(n - 1) + " -> " + where(d));
            }
        }
        for (Map.Entry<String, List<String>> e : before.entrySet()) {
            int n = used.getOrDefault(e.getKey(), 0);
            for (int i = n; i < e.getValue().size(); i++) {
                out.add("diagnostic removed: " + e.getKey() + at(e.getValue().get(i)));
            }
        }
    }

    private static String what(Object d) {
        if (!(d instanceof Map<?, ?> m)) {
            return flow(d);
        }
        String node = str(m.get("node"));
        return str(m.get("severity")) + "[" + str(m.get("check")) + "] " + (node.isEmpty() ? "" : node + ": ")
                + str(m.get("message"));
    }

    private static String where(Object d) {
        if (!(d instanceof Map<?, ?> m) || str(m.get("file")).isEmpty()) {
            return "";
        }
        return str(m.get("file")) + (str(m.get("line")).isEmpty() ? "" : ":" + str(m.get("line")));
    }

    private static String at(String where) {
        return where.isEmpty() ? "" : " (" + where + ")";
    }

    private static String str(Object o) {
        return o == null || o.equals("null") ? "" : o.toString();
    }

    private static boolean keyedList(Object o, String idKey) {
        if (!(o instanceof List<?> l)) {
            return false;
        }
        Set<Object> ids = new java.util.HashSet<>();
        for (Object x : l) {
            if (!(x instanceof Map<?, ?> m) || m.get(idKey) == null || !ids.add(m.get(idKey))) {
                return false;
            }
        }
        return true;
    }

    private static Map<String, Map<?, ?>> byId(List<?> l, String idKey) {
        Map<String, Map<?, ?>> out = new LinkedHashMap<>();
        for (Object x : l) {
            Map<?, ?> m = (Map<?, ?>) x;
            out.put(String.valueOf(m.get(idKey)), m);
        }
        return out;
    }

    private static Set<Object> union(Map<?, ?> a, Map<?, ?> b) {
        Set<Object> keys = new LinkedHashSet<>(b.keySet());
        keys.addAll(a.keySet());
        return keys;
    }

    private static String join(String path, String more) {
        return path.isEmpty() ? more : path + " " + more;
    }

    /** A one-line rendering: {@code {sid: 0x880, mask: 0x8}}, {@code [a, b]}. */
    static String flow(Object o) {
        if (o instanceof Map<?, ?> m) {
            StringBuilder s = new StringBuilder("{");
            m.forEach((k, v) -> s.append(s.length() > 1 ? ", " : "").append(k).append(": ").append(flow(v)));
            return s.append('}').toString();
        }
        if (o instanceof List<?> l) {
            StringBuilder s = new StringBuilder("[");
            l.forEach(v -> s.append(s.length() > 1 ? ", " : "").append(flow(v)));
            return s.append(']').toString();
        }
        return String.valueOf(o);
    }
}

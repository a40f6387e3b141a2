package dev.iommuc.ci;

import dev.iommuc.diag.SourcePos;
import dev.iommuc.report.JsonOut;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * SARIF 2.1.0 (OASIS, errata 01) for code-scanning services: one run of the driver {@code iommuc}
 * with a rule for every check id that occurs, and a result per finding, per drifting board
 * ({@code report-drift}) and per internal error ({@code internal-error}). Locations are the
 * diagnostic's file as given on the command line (relative paths stay relative, as GitHub wants
 * them), with the line and column when known; a DTB position is a byte offset.
 */
public final class SarifFormat {

    static final String SCHEMA = "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json";

    private static final Map<String, String> OWN_RULES = Map.of(
            Finding.DRIFT, "The board's report differs from its expected report (--expect).",
            Finding.INTERNAL, "iommuc failed unexpectedly on this board (a bug in iommuc, not in the board).");

    private SarifFormat() {
    }

    public static String write(CheckResults r) {
        List<Object> results = new ArrayList<>();
        TreeMap<String, Integer> rules = new TreeMap<>();
        for (BoardOutcome b : r.boards()) {
            if (b.internal()) {
                results.add(result(Finding.INTERNAL, "error", b.internalError(), b.board(), null));
                rules.put(Finding.INTERNAL, 0);
            }
            for (Finding f : b.findings()) {
                String text = (f.node().isEmpty() ? "" : f.node() + ": ") + f.message();
                results.add(result(f.check(), f.level(), text, b.board(), f.pos()));
                rules.put(f.check(), 0);
            }
            if (b.hasDrift()) {
                results.add(result(Finding.DRIFT, "error", "drift from the expected report:\n"
                        + String.join("\n", b.drift()), b.board(), null));
                rules.put(Finding.DRIFT, 0);
            }
        }
        List<Object> ruleList = new ArrayList<>();
        for (String id : rules.keySet()) {
            rules.put(id, ruleList.size());
            Map<String, Object> rule = new LinkedHashMap<>();
            rule.put("id", id);
            if (OWN_RULES.containsKey(id)) {
                rule.put("shortDescription", Map.of("text", OWN_RULES.get(id)));
            }
            ruleList.add(rule);
        }
        for (Object o : results) {
            @SuppressWarnings("unchecked")
            Map<String, Object> res = (Map<String, Object>) o;
            res.put("ruleIndex", rules.get((String) res.get("ruleId")));
        }
        Map<String, Object> driver = new LinkedHashMap<>();
        driver.put("name", "iommuc");
        driver.put("version", r.version());
        driver.put("rules", ruleList);
        Map<String, Object> invocation = new LinkedHashMap<>();
        invocation.put("executionSuccessful", r.count(BoardOutcome::internal) == 0);
        Map<String, Object> run = new LinkedHashMap<>();
        run.put("tool", Map.of("driver", driver));
        run.put("invocations", List.of(invocation));
        run.put("results", results);
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("$schema", SCHEMA);
        doc.put("version", "2.1.0");
        doc.put("runs", List.of(run));
        return JsonOut.write(doc);
    }

    private static Map<String, Object> result(String rule, String level, String text, String board, SourcePos pos) {
        Map<String, Object> res = new LinkedHashMap<>();
        res.put("ruleId", rule);
        res.put("level", level);
        res.put("message", Map.of("text", text));
        Map<String, Object> physical = new LinkedHashMap<>();
        physical.put("artifactLocation", Map.of("uri", uri(pos == null ? board : pos.file())));
        if (pos != null) {
            Map<String, Object> region = new LinkedHashMap<>();
            if (pos.line() > 0) {
                region.put("startLine", pos.line());
                if (pos.col() > 0) {
                    region.put("startColumn", pos.col());
                }
            } else {
                region.put("byteOffset", pos.col() - 1);
            }
            physical.put("region", region);
        }
        res.put("locations", List.of(Map.of("physicalLocation", physical)));
        return res;
    }

    /** A URI reference for a file path: relative stays relative (percent-encoded), absolute is file:. */
    static String uri(String file) {
        Path p = Path.of(file);
        if (p.isAbsolute()) {
            return p.toUri().toASCIIString();
        }
        String path = file.replace('\\', '/');
        String first = path.contains("/") ? path.substring(0, path.indexOf('/')) : path;
        if (first.contains(":")) {
            path = "./" + path; // would otherwise read as a URI scheme
        }
        try {
            return new URI(null, null, path, null).toASCIIString();
        } catch (URISyntaxException e) {
            return p.toUri().toASCIIString();
        }
    }
}

package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.error.Mark;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.error.YAMLException;
import org.yaml.snakeyaml.events.AliasEvent;
import org.yaml.snakeyaml.events.CollectionEndEvent;
import org.yaml.snakeyaml.events.CollectionStartEvent;
import org.yaml.snakeyaml.events.DocumentStartEvent;
import org.yaml.snakeyaml.events.Event;
import org.yaml.snakeyaml.events.NodeEvent;
import org.yaml.snakeyaml.events.ScalarEvent;

import java.io.StringReader;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

/**
 * A pass over SnakeYAML's event stream before composing. SnakeYAML enforces its own alias and depth
 * limits, but reports them without a position, and it composes recursive aliases ({@code &a [*a]})
 * without complaint; this pass finds all of them (and tags, and extra documents) at the event that
 * causes them, so every refusal names a line.
 */
final class YamlGuard {

    /** Nesting a policy never needs; below SnakeYAML's own limit so that ours, with a position, fires first. */
    static final int MAX_DEPTH = 32;

    /** The only tags a policy may state: the YAML 1.1 core schema, never a class name. */
    private static final Set<String> ALLOWED_TAGS = Set.of("!", "tag:yaml.org,2002:str", "tag:yaml.org,2002:int",
            "tag:yaml.org,2002:bool", "tag:yaml.org,2002:float", "tag:yaml.org,2002:null", "tag:yaml.org,2002:map",
            "tag:yaml.org,2002:seq");

    private final NodeReader r;
    private final int maxCollectionAliases;

    YamlGuard(NodeReader r, int maxCollectionAliases) {
        this.r = r;
        this.maxCollectionAliases = maxCollectionAliases;
    }

    /** True when the stream is safe to compose; otherwise the first problem is reported. */
    boolean scan(Yaml yaml, String text) {
        Map<String, Boolean> anchorIsCollection = new HashMap<>();
        Deque<String> open = new ArrayDeque<>();
        int aliases = 0;
        int documents = 0;
        Mark last = null;
        try {
            for (Event e : yaml.parse(new StringReader(text))) {
                last = e.getStartMark();
                if (e instanceof DocumentStartEvent && ++documents > 1) {
                    return fail(PolicyChecks.SYNTAX, e, "a policy is one YAML document; found a second one");
                }
                String tag = e instanceof ScalarEvent s ? s.getTag()
                        : e instanceof CollectionStartEvent c ? c.getTag() : null;
                if (tag != null && !ALLOWED_TAGS.contains(tag)) {
                    return fail(PolicyChecks.TAG, e, tagProblem(tag));
                }
                if (e instanceof AliasEvent a) {
                    Boolean collection = anchorIsCollection.get(a.getAnchor());
                    if (collection == null) {
                        return fail(PolicyChecks.ALIAS, e, "alias *" + a.getAnchor() + " names no anchor before it");
                    }
                    if (open.contains(a.getAnchor())) {
                        return fail(PolicyChecks.ALIAS, e, "recursive alias *" + a.getAnchor()
                                + " (it refers to a collection that contains it)");
                    }
                    if (collection && ++aliases > maxCollectionAliases) {
                        return fail(PolicyChecks.ALIAS, e, "more than " + maxCollectionAliases
                                + " aliases of lists or mappings (an alias bomb?)");
                    }
                } else if (e instanceof NodeEvent n && n.getAnchor() != null) {
                    anchorIsCollection.put(n.getAnchor(), e instanceof CollectionStartEvent);
                }
                if (e instanceof CollectionStartEvent c) {
                    open.push(c.getAnchor() == null ? "" : c.getAnchor());
                    if (open.size() > MAX_DEPTH) {
                        return fail(PolicyChecks.TOO_LARGE, e, "nested deeper than " + MAX_DEPTH + " levels");
                    }
                } else if (e instanceof CollectionEndEvent && !open.isEmpty()) {
                    open.pop();
                }
            }
        } catch (RuntimeException | StackOverflowError ex) {
            report(r, ex, last);
            return false;
        }
        return true;
    }

    private static String tagProblem(String tag) {
        if (tag.startsWith("tag:yaml.org,2002:")) {
            return "global tag !!" + tag.substring("tag:yaml.org,2002:".length())
                    + " is not allowed (a policy never names Java classes)";
        }
        return "tag " + tag + " is not allowed; a policy uses plain YAML values";
    }

    private boolean fail(String check, Event e, String message) {
        r.error(check, r.pos(e.getStartMark(), e.getEndMark()), "", message);
        return false;
    }

    /**
     * Reports an exception of SnakeYAML's reader or composer at its mark, or else at {@code last}
     * (the last event read, the best position there is), with the check its message implies.
     */
    static void report(NodeReader r, Throwable ex, Mark last) {
        String message = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        Mark at = last;
        if (ex instanceof MarkedYAMLException m) {
            at = m.getProblemMark() != null ? m.getProblemMark() : m.getContextMark() != null ? m.getContextMark() : last;
            message = (m.getContext() != null ? m.getContext() + ": " : "") + m.getProblem();
        }
        String check = PolicyChecks.SYNTAX;
        if (ex instanceof StackOverflowError || message.contains("Nesting Depth") || message.contains("exceeds the limit")) {
            check = PolicyChecks.TOO_LARGE;
        } else if (message.contains("Global tag")) {
            check = PolicyChecks.TAG;
        } else if (message.contains("alias")) {
            check = PolicyChecks.ALIAS;
        } else if (!(ex instanceof YAMLException)) {
            message = "cannot read the YAML: " + message;
        }
        SourcePos pos = at == null ? r.start() : r.pos(at, null);
        r.error(check, pos, "", message.replace("\n", " ").strip());
    }
}

package dev.iommuc.checks;

import dev.iommuc.diag.Severity;

import java.util.List;

/**
 * One entry of the structural check table, modelled on dtc's {@code struct check}: a stable id (dtc's
 * exact name, so {@code -W}/{@code -E} options carry over), the built-in level, the checks that must
 * pass first, and the per-node body. The body runs once per live node in pre-order, as dtc's walker
 * does; a check fails as soon as its body reports anything.
 *
 * @param id      dtc's check name, e.g. {@code duplicate_node_names}
 * @param level   built-in level; {@link Level#OFF} checks only run when enabled or needed as a prerequisite
 * @param prereqs ids of checks that must pass before this one runs (dtc skips it otherwise)
 * @param kind    where the check is implemented
 * @param body    per-node work; unused unless {@code kind} is {@link Kind#TREE}
 * @param keys    property names the body needs: on a node with none of them it reports nothing and
 *                changes nothing, so the walk may skip that node; empty means every node
 */
public record Check(String id, Level level, List<String> prereqs, Kind kind, Body body, List<String> keys) {

    public Check {
        prereqs = List.copyOf(prereqs);
        keys = List.copyOf(keys);
    }

    /** dtc's warn/error flag pair as one default. */
    public enum Level {
        ERROR, WARNING, OFF;

        /**
         * The default to hand to {@code CheckLevels}/{@code Diagnostics}; null for OFF, which those
         * treat as "neither flag set" so only an explicit {@code -W}/{@code -E} turns it on.
         */
        public Severity severity() {
            return switch (this) {
                case ERROR -> Severity.ERROR;
                case WARNING -> Severity.WARNING;
                case OFF -> null;
            };
        }
    }

    public enum Kind {
        /** Implemented in this package and run by {@link TreeChecks}. */
        TREE,
        /**
         * One of dtc's fixups (phandle and path resolution, explicit phandles, /omit-if-no-ref/). The
         * resolve stage does the work before the checks run, honouring the prerequisites listed here;
         * the entry exists so its name is known and dependents see whether it failed.
         */
        FIXUP
    }

    /** The per-node work of a check; reports go through {@link CheckRun}, which marks the check failed. */
    @FunctionalInterface
    public interface Body {
        void check(CheckRun run, NodeFacts node);
    }

    static Check tree(String id, Level level, Body body, String... prereqs) {
        return new Check(id, level, List.of(prereqs), Kind.TREE, body, List.of());
    }

    static Check fixup(String id, String... prereqs) {
        return new Check(id, Level.ERROR, List.of(prereqs), Kind.FIXUP, null, List.of());
    }

    /** This check, walking only the nodes that carry one of {@code names} (see {@code keys}). */
    Check keyedOn(String... names) {
        return new Check(id, level, prereqs, kind, body, List.of(names));
    }
}

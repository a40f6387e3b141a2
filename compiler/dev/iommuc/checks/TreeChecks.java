package dev.iommuc.checks;

import dev.iommuc.diag.CheckLevels;
import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.Severity;
import dev.iommuc.model.DeviceTree;

import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Runs dtc's structural checks over a tree whose references are already resolved (phandles assigned,
 * phandle cells patched, tombstones in place), with dtc's scheduling (reference §3.1):
 * <ul>
 *   <li>enabled checks run in table order, each over all live nodes in pre-order;</li>
 *   <li>a check first runs its prerequisites, enabled or not (a disabled one reports nothing);</li>
 *   <li>if a prerequisite did not pass, the check does not run and says "Failed prerequisite";</li>
 *   <li>a prerequisite's status is global: one failure anywhere in the tree skips the dependent
 *       everywhere, e.g. one bad {@code reg} silences {@code simple_bus_reg} for the whole board.</li>
 * </ul>
 * As in dtc, the checks belong after reference resolution but before {@code __symbols__},
 * {@code __fixups__} and {@code __local_fixups__} are generated: those mirror tree paths without
 * {@code reg} and would draw warnings dtc never prints.
 *
 * <p>dtc also stops running checks after the first error-level check fails (a short-circuit in
 * {@code process_checks}); by default we go on and report everything, since our fixups have already
 * run and one run should show all problems. {@link Options#stopAfterFirstError} restores dtc's output.
 */
public final class TreeChecks {

    /**
     * @param failedFixups        ids of fixup checks ({@link Check.Kind#FIXUP}) that failed in the resolve
     *                            stage; null means "infer from diagnostics already in the sink"
     * @param stopAfterFirstError dtc's behaviour: no further checks once an error-level check failed
     */
    public record Options(Set<String> failedFixups, boolean stopAfterFirstError) {
        public static final Options DEFAULT = new Options(null, false);
        public static final Options DTC = new Options(null, true);
    }

    private enum Status { UNCHECKED, PREREQ, PASSED, FAILED }

    private final TreeFacts facts;
    private final Diagnostics diags;
    private final CheckLevels levels;
    private final Set<String> failedFixups;
    private final Map<String, Status> status = new HashMap<>();
    private final Set<String> inProgress = new HashSet<>();
    private final boolean dtcShortCircuit;

    private TreeChecks(DeviceTree tree, Diagnostics diags, Options options) {
        this.facts = new TreeFacts(tree);
        this.diags = diags;
        this.levels = diags.levels();
        this.dtcShortCircuit = options.stopAfterFirstError();
        this.failedFixups = options.failedFixups() != null ? options.failedFixups() : fixupsReported(diags);
    }

    /** Runs all enabled checks; true when an error-level check failed (dtc: "Input tree has errors"). */
    public static boolean run(DeviceTree tree, Diagnostics diags) {
        return run(tree, diags, Options.DEFAULT);
    }

    public static boolean run(DeviceTree tree, Diagnostics diags, Options options) {
        return new TreeChecks(tree, diags, options).runAll();
    }

    private static Set<String> fixupsReported(Diagnostics diags) {
        Set<String> out = new HashSet<>();
        for (Diagnostic d : diags.all()) {
            Check c = CheckRegistry.byName(d.check());
            if (c != null && c.kind() == Check.Kind.FIXUP) {
                out.add(c.id());
            }
        }
        return out;
    }

    private boolean runAll() {
        boolean error = false;
        for (Check c : CheckRegistry.all()) {
            if (!levels.isEnabled(c.id(), c.level().severity())) {
                continue;
            }
            if (dtcShortCircuit) {
                error = error || run(c);
            } else {
                error = run(c) | error;
            }
        }
        return error;
    }

    /** dtc run_check: returns true if this check, or a prerequisite, failed at error level. */
    private boolean run(Check c) {
        boolean error = false;
        Status st = status.getOrDefault(c.id(), Status.UNCHECKED);
        if (st == Status.UNCHECKED && c.kind() == Check.Kind.FIXUP) {
            // The resolve stage ran the fixup and decided its prerequisites; we only learn the outcome.
            // Re-judging them here would fail phandle_references on any duplicate node name and then
            // skip every consumer check, although the references were resolved.
            st = failedFixups.contains(c.id()) ? Status.FAILED : Status.PASSED;
            status.put(c.id(), st);
        } else if (st == Status.UNCHECKED) {
            if (!inProgress.add(c.id())) {
                throw new IllegalStateException("prerequisite cycle at " + c.id());
            }
            CheckRun run = new CheckRun(c, facts, diags);
            for (String p : c.prereqs()) {
                Check prq = CheckRegistry.byName(p);
                if (dtcShortCircuit) {
                    // dtc's "error = error || run_check(prq)" leaves later prerequisites unrun
                    error = error || run(prq);
                } else {
                    error = run(prq) | error;
                }
                if (status.getOrDefault(p, Status.UNCHECKED) != Status.PASSED) {
                    st = Status.PREREQ;
                    run.failedPrerequisite(p);
                }
            }
            if (st == Status.UNCHECKED) {
                st = execute(c, run);
            }
            status.put(c.id(), st);
            inProgress.remove(c.id());
        }
        if (st != Status.PASSED && levels.effective(c.id(), c.level().severity()) == Severity.ERROR) {
            error = true;
        }
        return error;
    }

    private Status execute(Check c, CheckRun run) {
        NodeFacts[] nodes = c.keys().isEmpty() ? facts.preorderArray() : facts.withAnyProp(c.keys());
        Check.Body body = c.body();
        for (NodeFacts n : nodes) {
            body.check(run, n);
        }
        return run.failed() ? Status.FAILED : Status.PASSED;
    }
}

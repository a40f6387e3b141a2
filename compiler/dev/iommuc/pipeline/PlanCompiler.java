package dev.iommuc.pipeline;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.parse.SharedTrees;
import dev.iommuc.plan.PlanBuilder;
import dev.iommuc.policy.BoundPolicy;
import dev.iommuc.policy.Policy;
import dev.iommuc.policy.PolicyBinder;
import dev.iommuc.policy.PolicyLayering;
import dev.iommuc.policy.PolicyLoader;
import dev.iommuc.resolve.Topology;
import dev.iommuc.resolve.TopologyResolver;
import dev.iommuc.runtime.plan.Plan;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Front end + resolver as one call ({@code iommuc compile}): board → tree → policy (the file layered
 * over its profile, or the default profile) bound to the tree → topology → plan. Returns null when
 * the board or the policy has errors; everything is reported to the board's diagnostics.
 */
public final class PlanCompiler {

    private final TreeLoader loader;
    private final Path policyFile;

    public PlanCompiler(LoadOptions options, SourceCache cache, Path policyFile) {
        this(options, cache, null, policyFile);
    }

    /** {@code shared}: trees of earlier boards of the run to start from (null: none). */
    public PlanCompiler(LoadOptions options, SourceCache cache, SharedTrees shared, Path policyFile) {
        this.loader = new TreeLoader(options, cache, shared);
        this.policyFile = policyFile;
    }

    public Plan compile(Path board, Diagnostics diags) {
        return plan(loader.load(board, diags), board.toString(), diags);
    }

    /** As {@link #compile} for a DTS board given as text, shown as {@code name}. */
    public Plan compileText(String name, String text, Diagnostics diags) {
        return plan(loader.loadText(name, text, diags), name, diags);
    }

    private Plan plan(DeviceTree tree, String board, Diagnostics diags) {
        if (tree == null || diags.hasErrors()) {
            return null;
        }
        Policy policy;
        if (policyFile != null) {
            Policy user = PolicyLoader.load(policyFile, diags);
            if (user == null || diags.hasErrors()) {
                return null;
            }
            policy = PolicyLayering.effective(user);
        } else {
            policy = PolicyLayering.defaults();
        }
        BoundPolicy bound = PolicyBinder.bind(policy, tree, diags);
        if (bound == null || diags.hasErrors()) {
            return null;
        }
        Topology topo = TopologyResolver.resolve(tree, diags, PlanBuilder.resolveOptions(bound));
        if (diags.hasErrors()) {
            return null;
        }
        List<String> files = new ArrayList<>();
        files.add(board);
        Plan plan = PlanBuilder.build(topo, bound, files, policyFile == null ? null : policyFile.toString(), diags);
        return diags.hasErrors() ? null : plan;
    }
}

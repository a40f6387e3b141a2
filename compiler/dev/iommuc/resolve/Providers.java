package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Node;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Finds and describes the providers: classification ({@link Catalogue}), parameters from the
 * catalogue, then the DT, then the policy, and the arm-smmu probe-time checks that decide whether an
 * instance probes at all (arm-smmu-v2.md §1.2, §1.3).
 */
final class Providers {

    /** The architecture's context-bank limit (ARM_SMMU_MAX_CBS, arm-smmu-v2.md §4.5). */
    private static final int MAX_CBS = 128;

    private final Dt dt;
    private final Diagnostics diags;
    private final ResolveOptions options;

    private Providers(Dt dt, Diagnostics diags, ResolveOptions options) {
        this.dt = dt;
        this.diags = diags;
        this.options = options;
    }

    /** Every provider in DT pre-order, keyed by its node. */
    static Map<Node, Provider> resolve(Dt dt, Diagnostics diags, ResolveOptions options) {
        return new Providers(dt, diags, options).run();
    }

    /** A provider node: {@code #iommu-cells}, or an arm-smmu node that uses only the legacy {@code mmu-masters}. */
    static boolean isProvider(Node n) {
        return n.property("#iommu-cells") != null
                || n.property("mmu-masters") != null && Catalogue.classify(n).family() == Family.ARM_SMMU;
    }

    private Map<Node, Provider> run() {
        Map<Node, Provider> out = new LinkedHashMap<>();
        // arm-smmu decides legacy vs generic once per system, at the first instance that gets that far
        Boolean legacySystem = null;
        for (Node n : dt.preorder()) {
            if (!isProvider(n)) {
                continue;
            }
            Catalogue.Model model = Catalogue.classify(n);
            Map<String, Param> params = HwCatalogue.params(model);
            refineFromDt(n, model, params);
            applyOverrides(n, model, params);
            CfgProbe.apply(model, Dt.compatible(n), params);
            boolean legacy = model.family() == Family.ARM_SMMU && n.property("mmu-masters") != null;
            Long cellsValue = Dt.u32(n, "#iommu-cells");
            int cells = cellsValue == null ? -1 : (int) Math.min(cellsValue, Integer.MAX_VALUE);
            checkCells(n, model, cells);
            String failure = null;
            boolean enabled = Dt.available(n);
            if (model.family() == Family.ARM_SMMU) {
                failure = globalInterrupts(n);
                if (failure == null && enabled) {
                    // §1.2: the first probed SMMU fixes the binding; a later one of the other kind fails
                    if (legacySystem == null) {
                        legacySystem = legacy;
                    } else if (legacySystem != legacy) {
                        failure = "not probing due to mismatched DT properties (legacy mmu-masters and generic "
                                + "iommus SMMUs in one system)";
                        IommuCheck.LEGACY_MIX.report(diags, n.pos(), n.path(), failure
                                + "; the " + (legacySystem ? "legacy" : "generic") + " binding was chosen by an "
                                + "SMMU probed earlier");
                    }
                }
                if (failure == null) {
                    failure = contextIrqs(n, model, params);
                }
            }
            out.put(n, new Provider(n.path(), Dt.label(n), Dt.compatible(n), model.family(), model.impl(),
                    model.version(), enabled, cells, legacy, params, failure, n.pos()));
        }
        return out;
    }

    /** What the DT states: interrupt counts, stream-match-mask, coherency (§1.2, §1.3, §1.5; B.1). */
    private void refineFromDt(Node n, Catalogue.Model model, Map<String, Param> params) {
        boolean coherent = n.property("dma-coherent") != null;
        String coherentWhy = coherent ? "dma-coherent" : "no dma-coherent";
        switch (model.family()) {
            case ARM_SMMU -> {
                Long global = Dt.u32(n, "#global-interrupts");
                if (global != null) {
                    long context = dt.irqCount(n) - global;
                    set(params, "num-global-irqs", global, ParamSource.DT, "#global-interrupts");
                    set(params, "num-context-irqs", Math.max(context, 0), ParamSource.DT,
                            "interrupts minus #global-interrupts");
                    // arm,smmu.yaml: one interrupt per context bank on SMMUv2, so the DT states NUMCB;
                    // SMMUv1 may share interrupts round robin, so there it bounds nothing (§1.3)
                    if ("smmu-v2".equals(model.version()) && context > 0) {
                        set(params, "num-context-banks", Math.min(context, MAX_CBS), ParamSource.DT,
                                context + " context interrupts, one per context bank on SMMUv2 (§1.3)"
                                        + (context > MAX_CBS ? ", capped at " + MAX_CBS : ""));
                    }
                }
                Long smm = Dt.u32(n, "stream-match-mask");
                if (smm != null) {
                    set(params, "stream-match-mask", smm, ParamSource.DT, "stream-match-mask");
                }
                set(params, "coherent-walk", coherent ? 1 : 0, ParamSource.DT, coherentWhy + " (overrides IDR0.CTTW, §1.2)");
            }
            case ARM_SMMU_V3 -> set(params, "coherent", coherent ? 1 : 0, ParamSource.DT,
                    coherentWhy + " (wins over IDR0.COHACC, B.1)");
            default -> {
            }
        }
    }

    private void applyOverrides(Node n, Catalogue.Model model, Map<String, Param> params) {
        Map<String, Long> ov = options.overrides().get(n.path());
        if (ov == null) {
            return;
        }
        Set<String> known = new TreeSet<>(params.keySet());
        known.addAll(HwCatalogue.DT_ONLY.get(model.family()));
        ov.forEach((name, value) -> {
            if (known.contains(name)) {
                set(params, name, value, ParamSource.POLICY, "policy override");
            } else {
                IommuCheck.UNKNOWN_PARAM.report(diags, n.pos(), n.path(), String.format(
                        "policy overrides '%s', which this %s provider (%s) does not have (known: %s)",
                        name, model.family().model(), model.impl(), String.join(", ", known)));
            }
        });
    }

    private static void set(Map<String, Param> params, String name, long value, ParamSource src, String why) {
        params.put(name, new Param(name, value, src, why));
    }

    /** §1.2 step 1: {@code #global-interrupts} is required. */
    private String globalInterrupts(Node n) {
        // of_property_read_u32: an empty or short value is as missing as an absent property
        if (Dt.u32(n, "#global-interrupts") != null) {
            return null;
        }
        String msg = "missing #global-interrupts property: arm-smmu fails to probe (-ENODEV)";
        IommuCheck.GLOBAL_INTERRUPTS_MISSING.report(diags, n.pos(), n.path(), msg);
        return msg;
    }

    /**
     * §1.3: no context interrupt at all fails every version; on SMMUv2, more context banks than context
     * interrupts fails too. The DT's count is the bank count on SMMUv2 (refineFromDt), so the second
     * case only arises when a policy states a larger NUMCB than the DT wires up interrupts for.
     */
    private String contextIrqs(Node n, Catalogue.Model model, Map<String, Param> params) {
        long global = params.get("num-global-irqs").value();
        long context = params.get("num-context-irqs").value();
        String msg = null;
        if (context <= 0) {
            msg = String.format("found %d interrupts but expected at least %d: arm-smmu fails to probe (-ENODEV)",
                    dt.irqCount(n), global + 1);
        } else if ("smmu-v2".equals(model.version()) && params.get("num-context-banks").value() > context) {
            msg = String.format("found only %d context irq(s) but %d required: arm-smmu fails to probe (-ENODEV)",
                    context, params.get("num-context-banks").value());
        }
        if (msg != null) {
            IommuCheck.TOO_FEW_CONTEXT_IRQS.report(diags, n.pos(), n.path(), msg);
        }
        return msg;
    }

    /** Bindings: SMMUv3 and DART take exactly 1 cell (DART 5 in Asahi), arm-smmu 1 or 2 (B.1, A.3, §1.5). */
    private void checkCells(Node n, Catalogue.Model model, int cells) {
        List<Integer> allowed = switch (model.family()) {
            case ARM_SMMU -> cells < 0 ? null : List.of(1, 2);
            case ARM_SMMU_V3 -> List.of(1);
            case APPLE_DART -> List.of(1, 5);
            case GENERIC -> null;
        };
        if (allowed != null && !allowed.contains(cells)) {
            String effect = switch (model.family()) {
                case ARM_SMMU_V3 -> "the SMMU is left in bypass (B.1)";
                case APPLE_DART -> "of_xlate rejects every specifier (-EINVAL, A.3)";
                default -> "arm_smmu_of_xlate reads at most two cells (§1.5)";
            };
            IommuCheck.CELLS_INVALID.report(diags, n.pos(), Dt.subject(n, "#iommu-cells"), String.format(
                    "#iommu-cells = <%d> is not allowed by the %s binding (%s): %s", cells, model.family().model(),
                    allowed.stream().map(String::valueOf).reduce((a, b) -> a + " or " + b).orElse(""), effect));
        }
    }
}

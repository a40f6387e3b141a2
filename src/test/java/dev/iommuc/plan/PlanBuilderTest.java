package dev.iommuc.plan;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanMaster;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The plan for a Qualcomm-style board under the linux-6.12 profile (reference/arm-smmu-v2.md §6.3:
 * the client list asks for IDENTITY default domains for the GPU and GMU; drm/msm then attaches its own
 * GMU and GPU domains, the GPU's with split tables), the operation order, the workload, and the
 * refusal to share one domain across two IOMMU drivers.
 */
class PlanBuilderTest {

    static final Path DIR = Path.of("src/test/resources/plan");
    static final String SMMU = "/soc@0/iommu@15000000";
    static final String ADRENO = "/soc@0/iommu@3da0000";
    static final String GPU = "/soc@0/gpu@3d00000";
    static final String GMU = "/soc@0/gmu@3d6a000";
    static final String USB = "/soc@0/usb@a600000";
    static final String VOP = "/soc@0/vop@fe040000";

    static Plan compile(String policy, Diagnostics diags) {
        LoadOptions lo = new LoadOptions(List.of(), Map.of(), CppMode.NONE, Fixups.Options.DEFAULT, 0);
        return new PlanCompiler(lo, new SourceCache(), policy == null ? null : DIR.resolve(policy))
                .compile(DIR.resolve("qcom-gpu.dts"), diags);
    }

    private static PlanMaster master(Plan p, String id) {
        return p.masters().stream().filter(m -> m.id().equals(id)).findFirst().orElseThrow();
    }

    @Test
    void qualcommClientListAndDrmMsmDomains() {
        Diagnostics d = new Diagnostics();
        Plan p = compile(null, d);
        assertFalse(d.hasErrors(), d.all().toString());
        assertEquals(DomainType.IDENTITY, master(p, GPU).requested());
        assertTrue(master(p, GPU).reason().contains("profile rule"), master(p, GPU).reason());
        assertEquals(DomainType.IDENTITY, master(p, GMU).requested());
        assertNull(master(p, USB).requested(), "not on the client list: the kernel default applies");
        assertNull(master(p, VOP).requested(), "the client list is a qcom driver hook only");
        assertEquals(List.of("gmu", "gpu"), p.domains().stream().map(PlanDomain::name).toList());
        PlanDomain gpu = p.domains().get(1);
        assertEquals(DomainType.UNMANAGED, gpu.type());
        assertEquals(1, gpu.splitProcesses());
        assertEquals(List.of(GPU), gpu.masters());
        assertEquals(List.of(
                new Operation.Probe(SMMU), new Operation.Probe(ADRENO), new Operation.Probe("/soc@0/iommu@fe043e00"),
                new Operation.AddDevice(GPU), new Operation.AddDevice(GMU), new Operation.AddDevice(USB),
                new Operation.AddDevice(VOP),
                new Operation.Attach("gmu", GMU), new Operation.Attach("gpu", GPU)), p.operations());
        assertEquals(0x400, master(p, GPU).streams().get(0).mask());
        assertEquals("qcom-adreno-smmu", p.iommus().get(1).impl());
    }

    @Test
    void workloadBuffersAndMapOperations() {
        Diagnostics d = new Diagnostics();
        Plan p = compile("workload.yaml", d);
        assertFalse(d.hasErrors(), d.all().toString());
        assertEquals(2, p.workload().size());
        assertEquals("gpu", p.workload().get(0).domain());
        assertEquals(0x1_0000_0000L, p.workload().get(0).iova());
        assertEquals(64L << 20, p.workload().get(0).size());
        assertEquals(USB, p.workload().get(1).master());
        List<Operation> ops = p.operations();
        assertEquals(new Operation.MapBuffer(0), ops.get(ops.size() - 2));
        assertEquals(new Operation.MapBuffer(1), ops.get(ops.size() - 1));
    }

    @Test
    void herdAcrossTwoIommuDriversIsRefused() {
        Diagnostics d = new Diagnostics();
        assertNull(compile("herd-across-drivers.yaml", d));
        assertTrue(d.all().stream().anyMatch(x -> x.check().equals("iommu-domain-mixed-families")
                && x.message().contains("display") && x.pos().file().endsWith("herd-across-drivers.yaml")), d.all().toString());
    }

    @Test
    void planIsStableAcrossRuns() {
        String a = PlanWriter.write(compile("workload.yaml", new Diagnostics()));
        String b = PlanWriter.write(compile("workload.yaml", new Diagnostics()));
        assertEquals(a, b);
        Diagnostics d = new Diagnostics();
        assertEquals(compile("workload.yaml", new Diagnostics()), PlanReader.read(a, "p.yaml", d));
    }
}

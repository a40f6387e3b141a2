package dev.iommuc.plan;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Plan → YAML → Plan gives an equal plan; hex numbers are plain YAML integers; bad plans are located errors. */
class PlanYamlTest {

    static Plan sample() {
        Map<String, PlanParam> params = new LinkedHashMap<>();
        params.put("num-context-banks", new PlanParam(8, "dt", "8 context interrupts"));
        params.put("sid-bits", new PlanParam(16, "catalogue", "MMU-500"));
        PlanIommu smmu = new PlanIommu("/soc@0/iommu@15000000", "apps_smmu",
                List.of("qcom,sm8550-smmu-500", "qcom,smmu-500", "arm,mmu-500"), IommuFamily.ARM_SMMU, "qcom-smmu-500",
                "smmu-v2", true, 2, false, params);
        PlanMaster gpu = new PlanMaster("/soc@0/gpu@3d00000", "gpu", List.of("qcom,adreno-43050a01", "qcom,adreno"),
                List.of(new PlanStream("/soc@0/iommu@15000000", 0x0, 0x400, "iommus", null)),
                DomainType.IDENTITY, "profile linux-6.12: qcom client list", 0, null);
        PlanMaster nvme = new PlanMaster("/soc@0/pcie@1c00000/pci-rid@100", null, List.of(),
                List.of(new PlanStream("/soc@0/iommu@15000000", 0x1c80, 0, "iommu-map", 0x100L)), null, null, 0,
                "iommu /x is disabled");
        return new Plan(List.of("board.dts"), null, "linux-6.12",
                new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS, false), "per-group",
                List.of(smmu), List.of(gpu, nvme),
                List.of(new PlanDomain("gpu", DomainType.UNMANAGED, List.of("/soc@0/gpu@3d00000"), 4, 0)),
                List.of(new PlanBuffer("gpu", null, 0x1000_0000L, 0x400_0000L, "rw", 0x8_0000_0000L, 2)),
                List.of(new Operation.Probe("/soc@0/iommu@15000000"), new Operation.AddDevice("/soc@0/gpu@3d00000"),
                        new Operation.AddDevice("/soc@0/pcie@1c00000/pci-rid@100"),
                        new Operation.Attach("gpu", "/soc@0/gpu@3d00000"), new Operation.MapBuffer(0)));
    }

    @Test
    void roundTrip() {
        Plan p = sample();
        String yaml = PlanWriter.write(p);
        Diagnostics d = new Diagnostics();
        Plan back = PlanReader.read(yaml, "plan.yaml", d);
        assertEquals(List.of(), d.all());
        assertEquals(p, back);
        assertEquals(yaml, PlanWriter.write(back), "writing is deterministic");
        assertTrue(yaml.contains("sid: 0x0\n") && yaml.contains("mask: 0x400\n") && yaml.contains("rid: 0x100\n"), yaml);
        assertTrue(yaml.startsWith("apiVersion: iommuc.plan/v1\n"), yaml);
    }

    private static List<Diagnostic> bad(String yaml) {
        Diagnostics d = new Diagnostics();
        assertNull(PlanReader.read(yaml, "bad.yaml", d));
        return d.all();
    }

    @Test
    void unknownKeyIsLocated() {
        String yaml = PlanWriter.write(sample()).replace("  legacy: false\n", "  legacy: false\n  bogus: 1\n");
        List<Diagnostic> ds = bad(yaml);
        assertEquals("plan-invalid", ds.get(0).check());
        assertTrue(ds.get(0).message().contains("plan.iommus[0].bogus"), ds.toString());
        int line = yaml.lines().toList().indexOf("  bogus: 1") + 1;
        assertEquals(line, ds.get(0).pos().line());
    }

    @Test
    void danglingReferencesAreErrors() {
        String yaml = PlanWriter.write(sample()).replace("domain: gpu\n  master: /soc@0/gpu@3d00000",
                "domain: nope\n  master: /soc@0/gpu@3d00000");
        List<Diagnostic> ds = bad(yaml);
        assertTrue(ds.stream().anyMatch(x -> x.message().contains("unknown domain or master nope")), ds.toString());
    }

    @Test
    void wrongTypesAndVersion() {
        assertTrue(bad("apiVersion: iommuc.plan/v0\n").stream().anyMatch(x -> x.message().contains("iommuc.plan/v1")));
        assertTrue(bad(PlanWriter.write(sample()).replace("page-size: 0x1000", "page-size: big")).stream()
                .anyMatch(x -> x.message().contains("plan.kernel.page-size")));
        assertTrue(bad(PlanWriter.write(sample()).replace("page-size: 0x1000", "page-size: 0x3000")).stream()
                .anyMatch(x -> x.message().contains("4K, 16K or 64K")));
        assertTrue(bad("- a\n- b\n").stream().anyMatch(x -> x.message().contains("expected a mapping")));
        assertTrue(bad("a: [\n").stream().anyMatch(x -> x.message().startsWith("YAML")));
        assertTrue(bad("!!javax.script.ScriptEngineManager [x]\n").stream().anyMatch(x -> x.check().equals("plan-invalid")));
        assertNotNull(bad("apiVersion: iommuc.plan/v1\napiVersion: iommuc.plan/v1\n"));
    }
}

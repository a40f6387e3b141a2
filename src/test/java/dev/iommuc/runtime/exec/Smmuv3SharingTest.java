package dev.iommuc.runtime.exec;

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

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §3 sharing strategies on SMMUv3 instances, over hand-built plans (as {@link ExecutorTest} does for
 * SMMUv1/v2): one DMA domain per instance, herds as their masters' default domain, and a herd spanning two
 * SMMUv3 instances, which Linux 6.12's {@code arm_smmu_attach_dev} refuses on the second instance
 * ({@code else if (smmu_domain->smmu != smmu) ret = -EINVAL;}, no message since 6.2).
 */
class Smmuv3SharingTest {

    private static final Kernel KERNEL = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS,
            false);

    /** The catalogue's arm-smmu-v3 row. */
    private static PlanIommu smmu(String id) {
        Map<String, PlanParam> p = new LinkedHashMap<>();
        Object[] kv = {"sid-bits", 16, "ssid-bits", 20, "asid-bits", 16, "vmid-bits", 16, "stage1", 1, "stage2", 1,
            "stream-table-levels", 2, "granules", 0x15000, "oas", 48, "ias", 48, "coherent", 1};
        for (int i = 0; i < kv.length; i += 2) {
            p.put((String) kv[i], new PlanParam(((Number) kv[i + 1]).longValue(), "test", "test"));
        }
        return new PlanIommu(id, null, List.of("arm,smmu-v3"), IommuFamily.ARM_SMMU_V3, "generic", null, true, 1,
                false, p);
    }

    private static PlanMaster master(String id, DomainType requested, PlanIommu on, long sid) {
        return new PlanMaster(id, null, List.of(), List.of(new PlanStream(on.id(), sid, 0, "iommus", null)),
                requested, null, 0, null);
    }

    private static Plan plan(String sharing, List<PlanIommu> iommus, List<PlanMaster> masters,
                             List<PlanDomain> domains, List<PlanBuffer> workload) {
        List<Operation> ops = new ArrayList<>();
        iommus.forEach(i -> ops.add(new Operation.Probe(i.id())));
        masters.forEach(m -> ops.add(new Operation.AddDevice(m.id())));
        for (PlanDomain d : domains) {
            if (!d.name().startsWith("herd:")) {
                d.masters().forEach(m -> ops.add(new Operation.Attach(d.name(), m)));
            }
        }
        for (int i = 0; i < workload.size(); i++) {
            ops.add(new Operation.MapBuffer(i));
        }
        return new Plan(List.of("test"), null, "linux-6.12", KERNEL, sharing, iommus, masters, domains, workload, ops);
    }

    private static DomainState domainOf(RunResult r, String master) {
        String d = r.masters().stream().filter(m -> m.id().equals(master)).findFirst().orElseThrow().domain();
        return r.domains().stream().filter(x -> x.id().equals(d)).findFirst().orElseThrow();
    }

    private static IommuState iommu(RunResult r, String id) {
        return r.iommus().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /** The CD at SSID 0 of a master's CD table. */
    private static IommuState.ContextBank cd0(RunResult r, String iommu, String master) {
        return iommu(r, iommu).contextBanks().stream().filter(c -> master.equals(c.master()) && c.index() == 0)
                .findFirst().orElseThrow();
    }

    @Test
    void perIommuGivesAnInstancesDmaGroupsOneDomain() {
        PlanIommu s = smmu("/smmu");
        List<PlanMaster> ms = List.of(master("/a", null, s, 0x10), master("/b", null, s, 0x20),
                master("/c", DomainType.IDENTITY, s, 0x30));
        Executor e = Executor.execute(plan("per-iommu", List.of(s), ms, List.of(),
                List.of(new PlanBuffer(null, "/a", 0x1000_0000L, 0x2000, "rw", 0x9_0000_0000L, null))));
        RunResult r = e.result();
        assertEquals(List.of(), r.events());
        assertEquals(3, r.groups().size(), "groups stay per device");
        assertEquals(domainOf(r, "/a").id(), domainOf(r, "/b").id());
        assertEquals("dma", domainOf(r, "/a").type());
        assertEquals("identity", domainOf(r, "/c").type());
        // one stage-1 domain, one ASID: each master's CD table holds a CD for it at SSID 0 (CD tables are per
        // master in 6.12), with the same ASID and TTB0
        IommuState.ContextBank a = cd0(r, "/smmu", "/a");
        IommuState.ContextBank b = cd0(r, "/smmu", "/b");
        assertEquals(1, a.asid());
        assertEquals(1, b.asid());
        assertEquals(a.registers().get("ttbr0"), b.registers().get("ttbr0"));
        assertEquals(2, iommu(r, "/smmu").contextBanks().size());
        assertEquals(List.of("s1-trans", "s1-trans", "bypass"),
                iommu(r, "/smmu").streamMap().stream().map(IommuState.StreamEntry::type).toList());
        // the buffer mapped through /a's domain is seen by /b's stream too
        assertEquals(0x9_0000_1000L, e.translate(new Transaction.Request("/smmu", 0x20, null, 0x1000_1000L, true)).pa());
        assertEquals(0x9_0000_1000L, e.translate(new Transaction.Request("/smmu", 0x10, null, 0x1000_1000L, false)).pa());
    }

    @Test
    void perIommuIsOneDomainPerInstanceWithAsidsFromOneSpace() {
        PlanIommu s1 = smmu("/smmu1");
        PlanIommu s2 = smmu("/smmu2");
        List<PlanMaster> ms = List.of(master("/a", null, s1, 0x10), master("/b", null, s2, 0x10),
                master("/c", null, s1, 0x20), master("/d", null, s2, 0x20));
        RunResult r = Executor.run(plan("per-iommu", List.of(s1, s2), ms, List.of(), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals(domainOf(r, "/a").id(), domainOf(r, "/c").id());
        assertEquals(domainOf(r, "/b").id(), domainOf(r, "/d").id());
        assertNotEquals(domainOf(r, "/a").id(), domainOf(r, "/b").id());
        assertEquals(List.of("/smmu1"), domainOf(r, "/a").iommus());
        // arm_smmu_asid_xa is one space for every SMMUv3 (B.6): /smmu1's domain ASID 1, /smmu2's ASID 2
        assertEquals(1, cd0(r, "/smmu1", "/c").asid());
        assertEquals(2, cd0(r, "/smmu2", "/d").asid());
    }

    @Test
    void aHerdSharesOneDomainOnOneSmmuv3() {
        PlanIommu s = smmu("/smmu");
        List<PlanMaster> ms = List.of(master("/a", null, s, 0x10), master("/b", null, s, 0x20),
                master("/c", null, s, 0x30));
        RunResult r = Executor.run(plan("herd", List.of(s), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/a", "/c"), 0, 0)), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals("herd:media", domainOf(r, "/a").id());
        assertEquals("herd:media", domainOf(r, "/c").id());
        assertNotEquals("herd:media", domainOf(r, "/b").id());
        // the herd's domain is finalised at /a's attach (ASID 1); /b's own domain gets ASID 2; /c reuses 1
        assertEquals(1, cd0(r, "/smmu", "/a").asid());
        assertEquals(2, cd0(r, "/smmu", "/b").asid());
        assertEquals(1, cd0(r, "/smmu", "/c").asid());
        assertEquals("herd:media", cd0(r, "/smmu", "/c").domain());
        GroupState gc = r.groups().stream().filter(g -> g.members().equals(List.of("/c"))).findFirst().orElseThrow();
        assertEquals("herd:media", gc.defaultDomain());
    }

    /**
     * 6.12's arm_smmu_attach_dev: "if (!smmu_domain->smmu) finalise … else if (smmu_domain->smmu != smmu)
     * ret = -EINVAL;" — the herd's domain was finalised on /smmu1, so /b's attach on /smmu2 fails, its default
     * domain cannot be set up and the device is released: no group, no domain, its STE back to abort.
     */
    @Test
    void aHerdAcrossTwoSmmuv3InstancesMeetsTheDriversEinval() {
        PlanIommu s1 = smmu("/smmu1");
        PlanIommu s2 = smmu("/smmu2");
        List<PlanMaster> ms = List.of(master("/a", null, s1, 0x10), master("/b", null, s2, 0x10));
        Executor e = Executor.execute(plan("herd", List.of(s1, s2), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/a", "/b"), 0, 0)), List.of()));
        RunResult r = e.result();
        assertEquals(1, r.events().size(), r.events().toString());
        RunResult.Event ev = r.events().get(0);
        assertEquals("error", ev.severity());
        assertEquals("smmuv3-einval", ev.check());
        assertEquals("/b", ev.node());
        assertTrue(ev.message().contains("finalised on SMMU /smmu1") && ev.message().contains("/smmu2"),
                ev.message());
        assertEquals("herd:media", domainOf(r, "/a").id());
        MasterState b = r.masters().stream().filter(m -> m.id().equals("/b")).findFirst().orElseThrow();
        assertNull(b.group());
        assertNull(b.domain());
        assertEquals(List.of(), iommu(r, "/smmu2").streamMap());
        assertEquals(List.of("/smmu1"), r.domains().stream().filter(d -> d.id().equals("herd:media")).findFirst()
                .orElseThrow().iommus());
        // disable_bypass: the released STE is the abort STE again
        Transaction t = e.translate(new Transaction.Request("/smmu2", 0x10, null, 0x1000, false));
        assertEquals("fault", t.outcome());
        assertEquals("abort", t.fault());
    }

    @Test
    void identityHerdMembersKeepTheirIdentityDomain() {
        PlanIommu s = smmu("/smmu");
        List<PlanMaster> ms = List.of(master("/a", null, s, 0x10), master("/b", DomainType.IDENTITY, s, 0x20));
        RunResult r = Executor.run(plan("herd", List.of(s), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/a", "/b"), 0, 0)), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals("herd:media", domainOf(r, "/a").id());
        assertEquals("identity", domainOf(r, "/b").type());
    }
}

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

import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * The SMMUv3 family through the executor: STEs and CDs in the report, PASID contexts mapped by the
 * workload's {@code process} and translated per SSID, errors as events.
 */
class Smmuv3FamilyTest {

    private static final Kernel KERNEL = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS,
            false);

    private static PlanIommu smmu() {
        Map<String, PlanParam> p = new java.util.LinkedHashMap<>();
        for (Object[] kv : new Object[][] {{"sid-bits", 16}, {"ssid-bits", 20}, {"asid-bits", 16}, {"vmid-bits", 16},
            {"stage1", 1}, {"stage2", 1}, {"stream-table-levels", 2}, {"granules", 0x15000}, {"oas", 48}, {"ias", 48},
            {"coherent", 1}}) {
            p.put((String) kv[0], new PlanParam(((Number) kv[1]).longValue(), "test", "test"));
        }
        return new PlanIommu("/smmu", null, List.of("arm,smmu-v3"), IommuFamily.ARM_SMMU_V3, "generic", null, true, 1,
                false, p);
    }

    private static PlanMaster master(String id, DomainType requested, int pasidBits, long sid) {
        return new PlanMaster(id, null, List.of(), List.of(new PlanStream("/smmu", sid, 0, "iommus", null)), requested,
                null, pasidBits, null);
    }

    @Test
    void pasidDomainThroughTheExecutor() {
        List<PlanMaster> masters = List.of(master("/accel", null, 4, 0x100), master("/eth", DomainType.IDENTITY, 0, 0x200),
                master("/clash", null, 0, 0x100));
        List<PlanDomain> domains = List.of(new PlanDomain("accel", DomainType.UNMANAGED, List.of("/accel"), 0, 2));
        List<PlanBuffer> work = List.of(new PlanBuffer("accel", null, 0x1000_0000L, 0x1000, "rw", 0x9_0000_0000L, null),
                new PlanBuffer("accel", null, 0x1000_0000L, 0x1000, "rw", 0x9_1000_0000L, 0),
                new PlanBuffer("accel", null, 0x1000_0000L, 0x1000, "r", 0x9_2000_0000L, 1),
                new PlanBuffer("accel", null, 0x1000_0000L, 0x1000, "r", 0x9_3000_0000L, 2));
        List<Operation> ops = List.of(new Operation.Probe("/smmu"), new Operation.AddDevice("/accel"),
                new Operation.AddDevice("/eth"), new Operation.AddDevice("/clash"), new Operation.Attach("accel", "/accel"),
                new Operation.MapBuffer(0), new Operation.MapBuffer(1), new Operation.MapBuffer(2),
                new Operation.MapBuffer(3));
        Plan plan = new Plan(List.of("t.dts"), null, "linux-6.12", KERNEL, "per-group", List.of(smmu()), masters,
                domains, work, ops);
        Executor e = Executor.execute(plan);
        RunResult r = e.result();
        IommuState s = r.iommus().get(0);
        assertEquals("register", s.emulation());
        assertEquals("okay", s.status());
        // STEs: /accel's S1 (S1CDMax 4), /eth's bypass; /clash refused (same SID)
        assertEquals(List.of(0x100L, 0x200L), s.streamMap().stream().map(IommuState.StreamEntry::sid).toList());
        assertEquals(List.of("s1-trans", "bypass"), s.streamMap().stream().map(IommuState.StreamEntry::type).toList());
        assertEquals(4L, s.streamMap().get(0).registers().get("ste0") >>> 59);
        assertEquals(0x9L, s.streamMap().get(1).registers().get("ste0"));
        // CDs at SSID 0, 1, 2 of /accel: accel's (ASID 2; the default domain had 1), then the contexts' 3 and 4
        assertEquals(List.of(0, 1, 2), s.contextBanks().stream().map(IommuState.ContextBank::index).toList());
        assertEquals(List.of(2, 3, 4), s.contextBanks().stream().map(IommuState.ContextBank::asid).toList());
        assertTrue(s.contextBanks().stream().allMatch(c -> "accel".equals(c.domain())));
        // the refused master is an event with the kernel's errno and message
        RunResult.Event ev = r.events().stream().filter(x -> x.node().equals("/clash")).findFirst().orElseThrow();
        assertEquals("smmuv3-enodev", ev.check());
        assertTrue(ev.message().contains("Aliasing StreamID 0x100 (from /accel)"), ev.message());
        // buffer 3 names process 2, which does not exist (2 processes)
        assertTrue(r.events().stream().anyMatch(x -> x.check().equals("smmuv3-enoent")), r.events().toString());
        // the domain's table ranges list the PASID contexts
        DomainState accel = r.domains().stream().filter(d -> d.id().equals("accel")).findFirst().orElseThrow();
        assertEquals(3, accel.pagetable().ranges().size());
        assertEquals("pasid 1 (asid 3): 0x0-0xffffffffffff", accel.pagetable().ranges().get(1));
        // transactions per SSID
        assertEquals(0x9_0000_0000L, e.translate(new Transaction.Request("/smmu", 0x100, null, 0x1000_0000L, true)).pa());
        assertEquals(0x9_1000_0000L, e.translate(new Transaction.Request("/smmu", 0x100, 1, 0x1000_0000L, true)).pa());
        Transaction ro = e.translate(new Transaction.Request("/smmu", 0x100, 2, 0x1000_0000L, true));
        assertEquals("fault", ro.outcome());
        assertEquals("f_permission", ro.fault());
        assertEquals("c_bad_streamid", e.translate(new Transaction.Request("/smmu", 0x10000, null, 0, false)).fault());
        Transaction id = e.translate(new Transaction.Request("/smmu", 0x200, null, 0x4000, false));
        assertEquals("bypass", id.outcome());
        assertNull(id.fault());
        // groups and masters
        MasterState accelM = r.masters().stream().filter(m -> m.id().equals("/accel")).findFirst().orElseThrow();
        assertEquals("accel", accelM.domain());
        assertNull(r.masters().stream().filter(m -> m.id().equals("/clash")).findFirst().orElseThrow().group());
    }

    /** A master without pasid-num-bits in a PASID domain: attached at SSID 0, its contexts refused. */
    @Test
    void pasidContextsNeedPasidNumBits() {
        List<PlanMaster> masters = List.of(master("/gpu", null, 16, 0x10), master("/vpu", null, 0, 0x28));
        List<PlanDomain> domains = List.of(new PlanDomain("gpu", DomainType.UNMANAGED, List.of("/gpu", "/vpu"), 0, 4));
        List<Operation> ops = List.of(new Operation.Probe("/smmu"), new Operation.AddDevice("/gpu"),
                new Operation.AddDevice("/vpu"), new Operation.Attach("gpu", "/gpu"), new Operation.Attach("gpu", "/vpu"));
        RunResult r = Executor.run(new Plan(List.of("t.dts"), null, "linux-6.12", KERNEL, "per-group", List.of(smmu()),
                masters, domains, List.of(), ops));
        assertEquals(1, r.events().size(), r.events().toString());
        assertEquals("smmuv3-eopnotsupp", r.events().get(0).check());
        assertEquals("/vpu", r.events().get(0).node());
        IommuState s = r.iommus().get(0);
        // /gpu: SSID 0..4 (a 2-level CD table, S1CDMax 16); /vpu: SSID 0 only, the same ASID as /gpu's SSID 0
        assertEquals(List.of("/gpu", "/gpu", "/gpu", "/gpu", "/gpu", "/vpu"),
                s.contextBanks().stream().map(IommuState.ContextBank::master).toList());
        assertEquals(s.contextBanks().get(0).asid(), s.contextBanks().get(5).asid());
        assertEquals(16L, s.streamMap().get(0).registers().get("ste0") >>> 59);
        assertEquals(0L, s.streamMap().get(1).registers().get("ste0") >>> 59);
    }
}

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
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * SPEC §3 sharing strategies on Apple DARTs over hand-built plans: one DMA domain per DART instance,
 * herds inside one DART and across several (reference/dart-smmuv3-of.md A.8: one table whose root is
 * written into each DART), the refusal of a herd over DARTs of different io-pgtable formats (A.1, A.5),
 * and the DARTs' global registers in the result. Register values are derived by hand from A.2.
 */
class DartSharingTest {

    private static final Kernel K16 = new Kernel(1L << 14, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS,
            false);
    private static final Kernel K4 = new Kernel(4096, DomainType.DMA, true, Kernel.DartSmallPages.FORCE_BYPASS,
            false);
    /** The first table the run allocates: SimulatedMemory's pool starts at 2 GiB. */
    private static final long FIRST_TABLE = 0x8000_0000L;

    /** A DART with the catalogue's parameters of its variant (A.1). */
    private static PlanIommu dart(String id, String impl) {
        Map<String, Long> p = new LinkedHashMap<>();
        p.put("num-streams", 16L);
        p.put("ttbrs-per-stream", 4L);
        p.put("ias", 32L);
        p.put("oas", impl.equals("t6000") ? 42L : 36L);
        p.put("page-size", 1L << 14);
        p.put("pte-format", impl.equals("t6000") ? 2L : 1L);
        p.put("supports-bypass", 1L);
        Map<String, PlanParam> pp = new LinkedHashMap<>();
        p.forEach((k, v) -> pp.put(k, new PlanParam(v, "test", "test")));
        return new PlanIommu(id, null, List.of("apple," + impl + "-dart"), IommuFamily.APPLE_DART, impl, null, true,
                1, false, pp);
    }

    /** {@code iommus = <&dart sid>, ...}: pairs of (dart id, sid). */
    private static PlanMaster master(String id, DomainType requested, Object... dartSid) {
        List<PlanStream> streams = new ArrayList<>();
        for (int i = 0; i < dartSid.length; i += 2) {
            streams.add(new PlanStream((String) dartSid[i], ((Number) dartSid[i + 1]).longValue(), 0, "iommus", null));
        }
        return new PlanMaster(id, null, List.of("test,dev"), streams, requested, null, 0, null);
    }

    private static Plan plan(Kernel k, String sharing, List<PlanIommu> iommus, List<PlanMaster> masters,
                             List<PlanDomain> herds, List<PlanBuffer> workload) {
        List<Operation> ops = new ArrayList<>();
        iommus.forEach(i -> ops.add(new Operation.Probe(i.id())));
        masters.forEach(m -> ops.add(new Operation.AddDevice(m.id())));
        for (int i = 0; i < workload.size(); i++) {
            ops.add(new Operation.MapBuffer(i));
        }
        return new Plan(List.of("test"), null, "linux-6.12", k, sharing, iommus, masters, herds, workload, ops);
    }

    private static DomainState domainOf(RunResult r, String master) {
        String d = r.masters().stream().filter(m -> m.id().equals(master)).findFirst().orElseThrow().domain();
        return r.domains().stream().filter(x -> x.id().equals(d)).findFirst().orElseThrow();
    }

    private static IommuState iommu(RunResult r, String id) {
        return r.iommus().stream().filter(i -> i.id().equals(id)).findFirst().orElseThrow();
    }

    /** The register words of stream {@code sid} on DART {@code id}. */
    private static Map<String, Long> stream(RunResult r, String id, long sid) {
        return iommu(r, id).streamMap().stream().filter(e -> e.sid() == sid).findFirst().orElseThrow().registers();
    }

    @Test
    void perIommuGivesEachDartOneDmaDomain() {
        PlanIommu a = dart("/dart-a", "t8103");
        PlanIommu b = dart("/dart-b", "t8103");
        List<PlanMaster> ms = List.of(master("/x", null, "/dart-a", 1), master("/y", null, "/dart-a", 2),
                master("/z", null, "/dart-b", 0), master("/w", DomainType.IDENTITY, "/dart-a", 3));
        RunResult r = Executor.run(plan(K16, "per-iommu", List.of(a, b), ms, List.of(), List.of()));
        assertEquals(List.of(), r.events());
        assertEquals(4, r.groups().size(), "groups stay per device");
        assertEquals(domainOf(r, "/x").id(), domainOf(r, "/y").id());
        assertNotEquals(domainOf(r, "/x").id(), domainOf(r, "/z").id());
        assertEquals(List.of("/dart-a"), domainOf(r, "/x").iommus());
        assertEquals("identity", domainOf(r, "/w").type());
        // one table per DART: A's domain took the first table, B's the next 16K page (A.2 TTBR encoding)
        long ttbrA = 0x8000_0000L | FIRST_TABLE >>> 12;
        assertEquals(ttbrA, stream(r, "/dart-a", 1).get("ttbr0"));
        assertEquals(ttbrA, stream(r, "/dart-a", 2).get("ttbr0"));
        assertEquals(0x8000_0000L | (FIRST_TABLE + 0x4000) >>> 12, stream(r, "/dart-b", 0).get("ttbr0"));
        assertEquals(0x80L, stream(r, "/dart-a", 2).get("tcr"), "TRANSLATE_ENABLE");
        assertEquals(0x1100L, stream(r, "/dart-a", 3).get("tcr"), "BYPASS_DART | BYPASS_DAPF");
    }

    /** A.8 with a herd: the same TTBR in each DART, TCR set on each, one walk result through either. */
    @Test
    void aHerdAcrossTwoDartsIsOneTableWrittenIntoEach() {
        PlanIommu a = dart("/dart-a", "t8103");
        PlanIommu b = dart("/dart-b", "t8103");
        List<PlanMaster> ms = List.of(master("/x", null, "/dart-a", 1), master("/y", null, "/dart-b", 0),
                master("/z", null, "/dart-a", 4));
        PlanBuffer buf = new PlanBuffer("herd:media", null, 0x10_0000L, 0x8000L, "rw", 0x9_0000_0000L, null);
        Executor e = Executor.execute(plan(K16, "herd", List.of(a, b), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/x", "/y"), 0, 0)), List.of(buf)));
        RunResult r = e.result();
        assertEquals(List.of(), r.events());
        assertEquals("herd:media", domainOf(r, "/x").id());
        assertEquals("herd:media", domainOf(r, "/y").id());
        assertNotEquals("herd:media", domainOf(r, "/z").id());
        assertEquals(List.of("/dart-a", "/dart-b"), domainOf(r, "/x").iommus());
        long ttbr = 0x8000_0000L | FIRST_TABLE >>> 12;
        assertEquals(ttbr, stream(r, "/dart-a", 1).get("ttbr0"));
        assertEquals(ttbr, stream(r, "/dart-b", 0).get("ttbr0"));
        assertEquals(0x80L, stream(r, "/dart-b", 0).get("tcr"));
        // IOVA 0x10_4567: L1[0], L2[0x41], offset 0x567 -> the second 16K page of the buffer
        for (String[] via : new String[][] {{"/dart-a", "1"}, {"/dart-b", "0"}}) {
            Transaction t = e.translate(new Transaction.Request(via[0], Long.parseLong(via[1]), null, 0x10_4567L,
                    true));
            assertEquals("translated", t.outcome(), via[0]);
            assertEquals(0x9_0000_4567L, t.pa(), via[0]);
        }
    }

    @Test
    void aHerdOverDartsOfDifferentFormatsIsRefused() {
        PlanIommu a = dart("/dart-a", "t8103");
        PlanIommu b = dart("/dart-b", "t6000");
        List<PlanMaster> ms = List.of(master("/x", null, "/dart-a", 1), master("/y", null, "/dart-b", 0));
        RunResult r = Executor.run(plan(K16, "herd", List.of(a, b), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/x", "/y"), 0, 0)), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        RunResult.Event ev = r.events().get(0);
        assertEquals("dart-einval", ev.check());
        assertEquals("/y", ev.node());
        assertTrue(ev.message().contains("APPLE_DART2") && ev.message().contains("APPLE_DART,")
                && ev.message().contains("one io-pgtable-dart format cannot serve both"), ev.message());
        assertEquals("herd:media", domainOf(r, "/x").id());
        assertEquals(List.of("/dart-a"), domainOf(r, "/x").iommus());
        assertEquals(0L, stream(r, "/dart-b", 0).get("tcr"), "B's stream stays disabled");
    }

    /** A.6: on a 4K kernel the driver's identity answer wins over the herd, and the run says so. */
    @Test
    void aForcedBypassMasterStaysOutOfItsHerd() {
        PlanIommu a = dart("/dart-a", "t8103");
        List<PlanMaster> ms = List.of(master("/x", null, "/dart-a", 1));
        RunResult r = Executor.run(plan(K4, "herd", List.of(a), ms,
                List.of(new PlanDomain("herd:media", DomainType.DMA, List.of("/x"), 0, 0)), List.of()));
        assertEquals(1, r.events().size(), r.events().toString());
        assertEquals("dart-herd-not-joined", r.events().get(0).check());
        assertEquals("identity", domainOf(r, "/x").type());
        assertEquals(0x1100L, stream(r, "/dart-a", 1).get("tcr"));
    }

    /** A.1/A.2: PARAMS1.PAGE_SHIFT 14 in bits 27:24, PARAMS2 BYPASS, all streams enabled, no error. */
    @Test
    void aDartsGlobalRegistersReachTheResult() {
        RunResult r = Executor.run(plan(K16, "per-group", List.of(dart("/dart-a", "t8103")),
                List.of(master("/x", null, "/dart-a", 1)), List.of(), List.of()));
        Map<String, Long> g = iommu(r, "/dart-a").registers();
        assertEquals(List.of("params1", "params2", "config", "streams-enable", "error"), List.copyOf(g.keySet()));
        assertEquals(0x0e00_0000L, g.get("params1"));
        assertEquals(1L, g.get("params2"));
        assertEquals(0L, g.get("config"));
        assertEquals(0xffff_ffffL, g.get("streams-enable"));
        assertEquals(0L, g.get("error"));
    }
}

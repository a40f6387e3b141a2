package dev.iommuc.runtime.dart;

import dev.iommuc.corpus.Corpus;
import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.report.ReportModel;
import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.exec.Transaction;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanStream;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Every corpus board with an Apple DART runs through the executor twice without an internal error:
 * as compiled (the linux-6.12 profile's 4K kernel with force-bypass: every DART stream of a master in
 * bypass, TCR 0x1100 on T8020-type and 0x6 on T8110, A.6) and with a 16K kernel (Asahi's page size):
 * every DART master in a DMA domain with a 16K apple-dart/apple-dart2 table, its streams translating
 * through a valid TTBR0 (A.4) — T8020-type DARTs with TTBR1..3 cleared — and every SID of one domain on
 * one DART holding the same TTBR0, and an unmapped IOVA faulting in the walk, not at the TTBR.
 */
@Tag("corpus")
class DartCorpusTest {

    @Test
    void everyAppleBoardRuns() throws Exception {
        Assumptions.assumeTrue(Corpus.present(), "corpus not present");
        SourceCache cache = new SourceCache();
        List<String> failures = new ArrayList<>();
        Map<String, Integer> events = new TreeMap<>();
        int boards = 0;
        int streams = 0;
        for (Corpus.Board b : Corpus.boards()) {
            if (!b.name().startsWith("apple")) {
                continue;
            }
            Diagnostics diags = new Diagnostics();
            Plan plan = Corpus.plan(b, cache, diags);
            if (plan == null || plan.iommus().stream().noneMatch(i -> i.family() == IommuFamily.APPLE_DART)) {
                continue;
            }
            boards++;
            Kernel k = plan.kernel();
            Plan big = new Plan(plan.files(), plan.policy(), plan.profile(), new Kernel(1L << 14, k.defaultDomain(),
                    k.disableBypass(), k.dartSmallPages(), k.qcomBypassQuirk()), plan.sharing(), plan.iommus(),
                    plan.masters(), plan.domains(), plan.workload(), plan.operations());
            for (Plan p : List.of(plan, big)) {
                boolean sixteen = p == big;
                Executor e;
                RunResult r;
                try {
                    e = Executor.execute(p);
                    r = e.result();
                    ReportModel.build(p, r, diags.all());
                } catch (RuntimeException ex) {
                    failures.add(b.name() + ": internal error " + ex);
                    continue;
                }
                r.events().forEach(ev -> events.merge((sixteen ? "16K " : "4K ") + ev.check(), 1, Integer::sum));
                for (PlanMaster m : p.masters()) {
                    if (m.noIommu() != null || m.streams().isEmpty()) {
                        continue;
                    }
                    PlanIommu first = find(p.iommus(), PlanIommu::id, m.streams().get(0).iommu());
                    if (first.family() != IommuFamily.APPLE_DART) {
                        continue;
                    }
                    streams += m.streams().size();
                    check(b.name() + (sixteen ? " (16K)" : " (4K)"), p, r, e, m, sixteen, failures);
                }
            }
        }
        System.out.printf("dart: %d Apple boards run at 4K and 16K, %d master streams checked; events: %s%n",
                boards, streams, events);
        failures.stream().limit(20).forEach(System.out::println);
        assertTrue(boards > 0, "no Apple DART board in the corpus");
        assertEquals(List.of(), failures);
    }

    private static void check(String board, Plan p, RunResult r, Executor e, PlanMaster m, boolean sixteen,
                              List<String> failures) {
        MasterState ms = find(r.masters(), MasterState::id, m.id());
        DomainState d = ms == null || ms.domain() == null ? null : find(r.domains(), DomainState::id, ms.domain());
        boolean noBypass = m.streams().stream().anyMatch(s -> find(p.iommus(), PlanIommu::id, s.iommu())
                .param("supports-bypass", 1) == 0);
        if (d == null) {
            if (!(noBypass && !sixteen)) {
                failures.add(board + ": " + m.id() + " has no domain");
            }
            return;
        }
        String want = sixteen ? "dma" : "identity";
        if (!d.type().equals(want) && !(noBypass && d.type().equals("dma"))) {
            failures.add(board + ": " + m.id() + " in a " + d.type() + " domain, expected " + want);
            return;
        }
        if (d.type().equals("dma")) {
            DomainState.PageTableState t = d.pagetable();
            if (t == null || t.granule() != 1L << 14 || !t.format().startsWith("apple-dart")) {
                failures.add(board + ": " + m.id() + " table " + t);
                return;
            }
        }
        for (PlanStream s : m.streams()) {
            PlanIommu iommu = find(p.iommus(), PlanIommu::id, s.iommu());
            IommuState is = find(r.iommus(), IommuState::id, s.iommu());
            IommuState.StreamEntry se = find(is.streamMap(), IommuState.StreamEntry::index, (int) s.sid());
            if (se == null) {
                failures.add(board + ": " + m.id() + " SID " + s.sid() + " not in " + s.iommu() + "'s stream map");
                continue;
            }
            boolean t8110 = "t8110".equals(iommu.impl());
            long tcr = se.registers().get("tcr");
            if (d.type().equals("identity")) {
                if (!se.type().equals("bypass") || tcr != (t8110 ? 0x6 : 0x1100)) {
                    failures.add(board + ": " + m.id() + " SID " + s.sid() + " identity but " + se);
                }
                continue;
            }
            long ttbr0 = se.registers().get("ttbr0");
            boolean valid = t8110 ? (ttbr0 & 1) != 0 : (ttbr0 & 0x8000_0000L) != 0;
            if (!se.type().equals("trans") || !valid || se.registers().size() != (t8110 ? 2 : 5)
                    || !t8110 && se.registers().get("ttbr1") + se.registers().get("ttbr2") + se.registers().get("ttbr3") != 0) {
                failures.add(board + ": " + m.id() + " SID " + s.sid() + " translating but " + se);
                continue;
            }
            for (IommuState.StreamEntry other : is.streamMap()) {
                boolean sameDomain = r.masters().stream().anyMatch(x -> d.id().equals(x.domain())
                        && x.streams().stream().anyMatch(y -> y.iommu().equals(s.iommu()) && y.sid() == other.sid()));
                if (sameDomain && !other.registers().get("ttbr0").equals(ttbr0)) {
                    failures.add(board + ": " + s.iommu() + " SIDs " + s.sid() + " and " + other.sid()
                            + " of domain " + d.id() + " hold different TTBR0s");
                }
            }
            // nothing is mapped at the top of the aperture: the walk faults below the TTBR
            Transaction tx = e.translate(new Transaction.Request(s.iommu(), s.sid(), null, 0x7000_0000L, false));
            if (tx == null || !List.of("no_pmd", "no_pgd", "no_pte").contains(tx.fault())) {
                failures.add(board + ": " + m.id() + " SID " + s.sid() + " unmapped IOVA gave " + tx);
            }
        }
    }

    private static <T, K> T find(List<T> list, java.util.function.Function<T, K> key, K want) {
        return list.stream().filter(x -> want.equals(key.apply(x))).findFirst().orElse(null);
    }
}

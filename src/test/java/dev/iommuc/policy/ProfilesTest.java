package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The built-in profiles, checked against arm-smmu-v2.md §5.6/§6.3 and dart-smmuv3-of.md A.6. */
class ProfilesTest {

    private static final List<String> CLIENT_LIST = List.of(
            "qcom,adreno", "qcom,adreno-gmu",
            "qcom,mdp4", "qcom,mdss", "qcom,qcm2290-mdss", "qcom,sar2130p-mdss", "qcom,sc7180-mdss",
            "qcom,sc7280-mdss", "qcom,sc8180x-mdss", "qcom,sc8280xp-mdss", "qcom,sdm670-mdss", "qcom,sdm845-mdss",
            "qcom,sm6115-mdss", "qcom,sm6350-mdss", "qcom,sm6375-mdss", "qcom,sm8150-mdss", "qcom,sm8250-mdss",
            "qcom,x1e80100-mdss",
            "qcom,sc7180-mss-pil", "qcom,sc7280-mss-pil", "qcom,sdm845-mss-pil");

    @Test
    void linux612Kernel() {
        KernelFacts k = Profiles.get("linux-6.12").kernel();
        assertEquals(4096L, k.pageSize());
        assertEquals(DomainType.DMA, k.defaultDomain());
        assertEquals(true, k.disableBypass());
        assertEquals(DartSmallPages.FORCE_BYPASS, k.dartSmallPages());
        assertEquals(false, k.qcomBypassQuirk());
    }

    @Test
    void linux612QualcommClientListIsIdentityOneRulePerCompatibleInReferenceOrder() {
        List<MasterRule> rules = Profiles.get("linux-6.12").masters();
        assertEquals(CLIENT_LIST, rules.stream().map(r -> {
            assertEquals(1, r.match().size());
            assertTrue(r.match().get(0) instanceof Selector.ByCompatible);
            return r.match().get(0).value();
        }).toList());
        for (MasterRule r : rules) {
            assertEquals(DomainType.IDENTITY, r.domain());
            // qcom_smmu_def_domain_type is a hook of the qcom impls only
            assertEquals(List.of("qcom-smmu-v2", "qcom-smmu-500", "qcom-adreno-smmu"), r.iommuImpl());
            assertFalse(r.appliesBehind("mmu-500"));
        }
    }

    @Test
    void linux612DrmMsmDomains() {
        Policy p = Profiles.get("linux-6.12");
        assertEquals(List.of("gmu", "gpu"), p.domains().stream().map(DriverDomain::name).toList());
        DriverDomain gpu = p.domain("gpu");
        assertEquals(List.of("compatible:qcom,adreno"), gpu.masters().stream().map(Selector::key).toList());
        assertEquals("global", gpu.splitTables().ttbr1());
        assertEquals(1, gpu.splitTables().processes());
        assertNull(gpu.pasid());
        DriverDomain gmu = p.domain("gmu");
        assertEquals(List.of("compatible:qcom,adreno-gmu"), gmu.masters().stream().map(Selector::key).toList());
        assertNull(gmu.splitTables());
        assertNull(gmu.pasid());
        assertEquals(SharingStrategy.PER_GROUP, p.sharing().strategy());
        assertEquals(List.of(), p.hardware());
        assertEquals(List.of(), p.pci());
        assertEquals(List.of(), p.workload());
    }

    @Test
    void profileEntriesArePositionedInTheProfileText() {
        Policy p = Profiles.get("linux-6.12");
        SourcePos pos = p.masters().get(0).match().get(0).pos();
        assertEquals("<profile linux-6.12>", pos.file());
        assertTrue(Profiles.isBuiltIn(pos));
        String line = Profiles.source("linux-6.12").lines().toList().get(pos.line() - 1);
        assertTrue(line.substring(pos.col() - 1).startsWith("\"qcom,adreno\""), line);
        assertFalse(Profiles.isBuiltIn(SourcePos.of("board.yaml", 1, 1)));
    }

    @Test
    void namesNoneAndUnknown() {
        assertEquals(List.of("linux-6.12", "none"), Profiles.names());
        assertSame(Policy.EMPTY, Profiles.get("none"));
        assertNull(Profiles.get("linux-4.19"));
        assertNull(Profiles.source("none"));
        assertSame(Profiles.get("linux-6.12"), Profiles.get("linux-6.12"));
    }
}

package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static dev.iommuc.policy.PolicyTests.error;
import static dev.iommuc.policy.PolicyTests.lines;
import static dev.iommuc.policy.PolicyTests.load;
import static dev.iommuc.policy.PolicyTests.yaml;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Refusals of the loader: check id, position and a message that names the key path. */
class PolicyErrorsTest {

    @Test
    void wrongTypesNameTheKeyPath() {
        assertEquals("error policy-type 4:33 hardware[0].params.num-context-banks: expected an integer, got a string",
                error(yaml("hardware:", "  - iommu: {label: x}", "    params: {num-context-banks: eight}")));
        assertEquals("error policy-type 2:10 masters: expected a list, got a mapping", error(yaml("masters: {a: 1}")));
        assertEquals("error policy-type 2:26 kernel.disable-bypass: expected a boolean (true or false), got a string",
                error(yaml("kernel: {disable-bypass: \"yes\"}")));
        assertEquals("error policy-type 2:8 kernel: expected a mapping, got an empty value", error(yaml("kernel:")));
        assertEquals("error policy-type 2:37 pci[0].rids[0]: expected an integer, got a string",
                error(yaml("pci: [{host: {label: pcie0}, rids: [\"0x100\"]}]")));
        assertEquals("error policy-type 2:27 masters[0].match.label: expected a string, got a boolean",
                error(yaml("masters: [{match: {label: yes}, domain: dma}]")));
        assertEquals("error policy-type 2:3 keys must be plain strings, got an integer", error(yaml("? 1", ": x")));
    }

    @Test
    void unknownKeys() {
        assertEquals("error policy-unknown-key 2:10 kernel: unknown key 'page_size'; did you mean 'page-size'?",
                error(yaml("kernel: {page_size: 4K}")));
        assertEquals("error policy-unknown-key 2:1 unknown key 'extra'; expected one of: apiVersion, profile, kernel, "
                + "masters, domains, sharing, hardware, pci, workload", error(yaml("extra: 1")));
        assertEquals("error policy-unknown-key 2:41 hardware[0].params: unknown key 'num-cbs'; expected one of: "
                + String.join(", ", HardwareParams.names()) + ", granules",
                error(yaml("hardware: [{iommu: {label: x}, params: {num-cbs: 8}}]")));
        assertEquals("error policy-unknown-key 3:3 kernel: merge keys (<<) are not supported; repeat the keys",
                error(yaml("kernel:", "  <<: {page-size: 4K}")));
    }

    @Test
    void badValues() {
        assertEquals("error policy-value 2:26 kernel.default-domain: unknown value 'passthrough'; expected one of: "
                + "dma, dma-strict, dma-lazy, identity", error(yaml("kernel: {default-domain: passthrough}")));
        assertEquals("error policy-value 2:21 kernel.page-size: must be 4K, 16K or 64K (arm64 CPU page sizes)",
                error(yaml("kernel: {page-size: 8K}")));
        assertEquals("error policy-value 2:10 profile: unknown value 'linux-5.4'; expected one of: linux-6.12, none",
                error(yaml("profile: linux-5.4")));
        assertEquals("error policy-value 2:60 hardware[0].params.num-context-banks: must be between 1 and 128 "
                + "(context banks (IDR1.NUMCB))", error(yaml("hardware: [{iommu: {label: x}, params: {num-context-banks: 200}}]")));
        assertEquals("error policy-value 2:52 hardware[0].params.asid-bits: must be one of [8, 16] (ASID bits)",
                error(yaml("hardware: [{iommu: {label: x}, params: {asid-bits: 12}}]")));
        assertEquals("error policy-value 2:57 hardware[0].params.dart-page-size: must be one of 4K, 16K (DART page size)",
                error(yaml("hardware: [{iommu: {label: x}, params: {dart-page-size: 64K}}]")));
        assertEquals("error policy-value 2:85 hardware[0].params.num-s2-context-banks: must not exceed "
                + "num-context-banks (4)", error(yaml("hardware: [{iommu: {label: x}, params: {num-context-banks: 4, "
                + "num-s2-context-banks: 5}}]")));
        assertEquals("error policy-value 2:56 hardware[0].params.granules[1]: granule listed twice",
                error(yaml("hardware: [{iommu: {label: x}, params: {granules: [4K, 4096]}}]")));
        assertEquals("error policy-value 2:47 hardware[0].locked.ttbr: 0x1234 is not a table address (non-zero, "
                + "4K-aligned)", error(yaml("hardware: [{iommu: {label: x}, locked: {ttbr: 0x1234}}]")));
        assertEquals("error policy-value 2:62 domains[0]: split-tables and pasid exclude each other",
                error(yaml("domains: [{name: g, masters: [{label: g}], split-tables: {}, pasid: {processes: 1}}]")));
        assertEquals("error policy-value 2:70 domains[0].split-tables.processes: must be between 1 and 4096, got 0",
                error(yaml("domains: [{name: g, masters: [{label: g}], split-tables: {processes: 0}}]")));
        assertEquals("error policy-value 2:66 domains[0].split-tables.ttbr1: unknown value 'private'; expected one "
                + "of: global", error(yaml("domains: [{name: g, masters: [{label: g}], split-tables: {ttbr1: private}}]")));
        assertEquals("error policy-value 2:37 pci[0].rids[0]: must be between 0 and 65535, got 0x10000",
                error(yaml("pci: [{host: {label: pcie0}, rids: [0x10000]}]")));
        assertEquals("error policy-value 2:40 pci[0].rids[1]: requester ID 0x8 listed twice",
                error(yaml("pci: [{host: {label: pcie0}, rids: [8, 0x8]}]")));
    }

    @Test
    void duplicateNamesAndEntries() {
        assertEquals("error policy-value 4:12 domains[1].name: duplicate domain 'g' (first at line 3)",
                error(yaml("domains:", "  - {name: g, masters: [{label: a}]}", "  - {name: g, masters: [{label: b}]}")));
        assertEquals("error policy-value 4:13 hardware[1]: duplicate hardware entry for this iommu (first at line 3)",
                error(yaml("hardware:", "  - {iommu: {label: a}, params: {num-smrs: 1}}",
                        "  - {iommu: {label: a}, params: {num-smrs: 2}}")));
        assertEquals("error policy-value 4:12 pci[1]: duplicate pci entry for this host (first at line 3)",
                error(yaml("pci:", "  - {host: {path: /p}, rids: [1]}", "  - {host: {path: /p}, rids: [2]}")));
        assertEquals("error policy-value 4:5 workload[1]: duplicate buffer at 0x1000 in this domain (first at line 3)",
                error(yaml("workload:", "  - {domain: g, iova: 0x1000, size: 4K}", "  - {domain: g, iova: 0x1000, size: 8K}")));
        assertEquals("error policy-duplicate-key 3:1 duplicate key 'kernel' (first at line 2)",
                error(yaml("kernel: {}", "kernel: {}")));
        assertEquals("error policy-value 2:60 sharing.herds[1].name: duplicate herd 'h' (first at line 2)",
                error(yaml("sharing: {herds: [{name: h, masters: [{label: a}]}, {name: h, masters: [{label: b}]}]}")));
    }

    @Test
    void selectors() {
        assertEquals("error policy-value 2:32 masters[0].match: a selector takes exactly one of compatible, path, "
                + "label; this one has both 'label' and 'path'",
                error(yaml("masters: [{match: {label: gpu, path: /soc}, domain: dma}]")));
        assertEquals("error policy-missing-key 2:19 masters[0].match: empty selector: needs one of compatible, path, label",
                error(yaml("masters: [{match: {}, domain: dma}]")));
        assertEquals("error policy-value 2:26 masters[0].match.path: 'soc/gpu' is not a full node path (it must start "
                + "with /; use label: for a label)", error(yaml("masters: [{match: {path: soc/gpu}, domain: dma}]")));
        assertEquals("error policy-value 2:31 masters[0].match.label[1]: '9lives' is not a DTS label",
                error(yaml("masters: [{match: {label: [a, 9lives]}, domain: dma}]")));
        assertEquals("error policy-value 2:32 masters[0].match.compatible: must not be empty",
                error(yaml("masters: [{match: {compatible: []}, domain: dma}]")));
        assertEquals("error policy-value 2:30 domains[0].masters: must not be empty",
                error(yaml("domains: [{name: d, masters: []}]")));
        assertEquals("error policy-value 2:24 masters[0].iommu-impl: 'Qcom SMMU' is not an implementation name "
                + "(e.g. qcom-smmu-500)", error(yaml("masters: [{iommu-impl: Qcom SMMU, match: {label: a}, domain: dma}]")));
    }

    @Test
    void missingKeys() {
        assertEquals("error policy-missing-key 2:11 masters[0]: missing required key 'domain'",
                error(yaml("masters: [{match: {label: a}}]")));
        assertEquals("error policy-missing-key 2:12 hardware[0]: needs params or locked",
                error(yaml("hardware: [{iommu: {label: a}}]")));
        assertEquals("error policy-missing-key 2:40 hardware[0].locked: missing required key 'ttbr'",
                error(yaml("hardware: [{iommu: {label: a}, locked: {four-level: true}}]")));
        assertEquals("error policy-missing-key 2:12 workload[0]: needs domain (a driver domain's name) or master "
                + "(a selector)", error(yaml("workload: [{iova: 0, size: 4K}]")));
        assertEquals("error policy-missing-key 2:51 domains[0].pasid: missing required key 'processes'",
                error(yaml("domains: [{name: d, masters: [{label: a}], pasid: {}}]")));
    }

    @Test
    void workloadValues() {
        assertEquals("error policy-value 2:39 workload[0].size: '64MB' has an unknown size suffix; use K, M or G "
                + "(powers of 1024)", error(yaml("workload: [{domain: d, iova: 0, size: 64MB}]")));
        assertEquals("error policy-value 2:39 workload[0].size: must not be negative (-4K)",
                error(yaml("workload: [{domain: d, iova: 0, size: -4K}]")));
        assertEquals("error policy-value 2:39 workload[0].size: must not be zero",
                error(yaml("workload: [{domain: d, iova: 0, size: 0}]")));
        assertEquals("error policy-value 2:30 workload[0].iova: 0x1001 is not 4K-aligned (the smallest IOMMU page)",
                error(yaml("workload: [{domain: d, iova: 0x1001, size: 4K}]")));
        assertEquals("error policy-value 2:30 workload[0].iova: '0x1_0000_0000_0000_0000' does not fit in 64 bits",
                error(yaml("workload: [{domain: d, iova: 0x1_0000_0000_0000_0000, size: 4K}]")));
        assertEquals("error policy-value 2:59 workload[0].size: iova 0xfffffffffffff000 + size runs past 2^64",
                error(yaml("workload: [{domain: d, iova: 0xffff_ffff_ffff_f000, size: 8K}]")));
        assertEquals("error policy-value 2:49 workload[0].prot: needs r or w", error(yaml("workload: [{domain: d, iova: 0, "
                + "size: 4K, prot: x}]")));
        assertEquals("error policy-value 2:49 workload[0].prot: cache and mmio exclude each other",
                error(yaml("workload: [{domain: d, iova: 0, size: 4K, prot: rw cache mmio}]")));
        assertEquals("error policy-value 2:49 workload[0].prot: 'rr' is neither a permission word (r, w, x) nor a flag "
                + "(cache, mmio, priv)", error(yaml("workload: [{domain: d, iova: 0, size: 4K, prot: rr}]")));
        assertEquals("error policy-value 2:24 workload[0]: takes domain or master, not both",
                error(yaml("workload: [{domain: d, master: {label: a}, iova: 0, size: 4K}]")));
        assertEquals("error policy-value 2:30 workload[0].iova: '010' has a leading zero (YAML 1.1 would read it as "
                + "octal); write 0o10 or drop the zero", error(yaml("workload: [{domain: d, iova: 010, size: 4K}]")));
        assertEquals("error policy-value 2:30 workload[0].iova: '1:30' is a YAML 1.1 base-60 number; write it in "
                + "decimal or hex", error(yaml("workload: [{domain: d, iova: 1:30, size: 4K}]")));
    }

    @Test
    void versions() {
        assertEquals("error policy-version 1:1 missing apiVersion: iommuc.policy/v1", error("kernel: {}\n"));
        assertEquals("error policy-version 1:13 apiVersion: expected iommuc.policy/v1, got 'iommuc.policy/v2'",
                error("apiVersion: iommuc.policy/v2\nwhatever: 1\n"));
        assertEquals("error policy-version 1:1 empty policy: expected a mapping starting with apiVersion: "
                + "iommuc.policy/v1", error("# nothing\n"));
        assertEquals("error policy-type 1:1 a policy is a mapping (apiVersion: iommuc.policy/v1, kernel: …), got a list",
                error("- apiVersion: iommuc.policy/v1\n"));
    }

    @Test
    void yamlLevelProblems() {
        assertEquals("error policy-syntax 2:1 a policy is one YAML document; found a second one",
                error(yaml("---", "apiVersion: iommuc.policy/v1")));
        assertTrue(error(yaml("kernel: {page-size: 4K")).startsWith("error policy-syntax 3:1 "));
        assertEquals("error policy-alias 2:10 alias *nope names no anchor before it", error(yaml("masters: *nope")));
        assertEquals("error policy-tag 2:10 tag !include is not allowed; a policy uses plain YAML values",
                error(yaml("masters: !include other.yaml")));
        assertEquals("error policy-tag 2:7 global tag !!binary is not allowed (a policy never names Java classes)",
                error(yaml("name: !!binary aGVsbG8=")));
    }

    @Test
    void manyErrorsInOneRunAreAllReportedUpToTheCap() {
        StringBuilder sb = new StringBuilder(PolicyTests.HEAD + "workload:\n");
        for (int i = 0; i < 80; i++) {
            sb.append("  - {domain: d, iova: ").append(i * 4096 + 1).append(", size: 4K}\n");
        }
        Diagnostics d = new Diagnostics();
        assertNull(load(sb.toString(), d));
        assertEquals(NodeReader.MAX_ERRORS, d.errorCount());
        assertEquals(3, d.all().get(0).pos().line());
        Diagnostics two = new Diagnostics();
        assertNull(load(yaml("kernel: {page-size: 3K}", "masters: {}"), two));
        assertEquals(List.of("policy-value", "policy-type"), two.all().stream().map(x -> x.check()).toList());
    }

    /** Random mutations of a valid policy: never an exception, and null exactly when an error was reported. */
    @Test
    void mutatedPoliciesNeverThrow() {
        String good = yaml("kernel: {page-size: 16K, default-domain: identity}",
                "masters:", "  - {match: {compatible: [\"qcom,adreno\", x]}, domain: identity}",
                "domains: [{name: gpu, masters: &m [{label: gpu}], split-tables: {processes: 2}}]",
                "sharing: {herds: [{name: h, masters: *m}]}",
                "hardware: [{iommu: {label: a}, params: {num-smrs: 8, granules: [4K]}, locked: {ttbr: 0x4000}}]",
                "pci: [{host: {label: p}, rids: [1, 2]}]",
                "workload: [{domain: gpu, iova: 0x1000, size: 64M, prot: 'rw,cache', process: 1}]");
        String alphabet = "{}[]:,-&*!#|>'\"\n\t 0x1Kz%@`?<";
        SplittableRandom rnd = new SplittableRandom(42);
        for (int i = 0; i < 2000; i++) {
            StringBuilder sb = new StringBuilder(good);
            for (int k = rnd.nextInt(1, 4); k > 0; k--) {
                int at = rnd.nextInt(sb.length());
                switch (rnd.nextInt(3)) {
                    case 0 -> sb.insert(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                    case 1 -> sb.deleteCharAt(at);
                    default -> sb.setCharAt(at, alphabet.charAt(rnd.nextInt(alphabet.length())));
                }
            }
            Diagnostics d = new Diagnostics();
            Policy p = load(sb.toString(), d);
            String text = sb.toString();
            assertEquals(p == null, d.hasErrors(), () -> text + "\n" + lines(d));
            d.all().forEach(x -> assertTrue(x.pos().line() >= 1, () -> text + "\n" + lines(d)));
        }
    }
}

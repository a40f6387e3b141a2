package dev.iommuc.report;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * The semantic drift diff on small hand-written reports: every expected line below is what a person
 * reading the two YAML texts would say moved, written before running the code.
 */
class ReportDiffTest {

    private static final String BASE = """
            apiVersion: iommuc.report/v1
            iommus:
            - node: /soc/iommu@15000000
              status: okay
              stream-map:
              - index: 3
                sid: 0x880
                mask: 0x0
                context-bank: 1
                registers:
                  smr: 0x800000e0
              context-banks:
              - index: 1
                domain: d3
            masters:
            - node: /soc/usb@a600000
              iommu: /soc/iommu@15000000
              streams:
              - sid: 0x880
                mask: 0x0
              group: g3
              domain: d3
            groups: []
            domains: []
            diagnostics:
            - severity: warning
              check: unit_address_vs_reg
              node: /soc@0
              file: board.dts
              line: 18
              message: node has a unit name, but no reg or ranges property
            """;

    @Test
    void equalTextsHaveNoDrift() {
        assertEquals(List.of(), ReportDiff.diff("e.yaml", BASE, BASE));
    }

    @Test
    void changedFieldsAreNamedByEntity() {
        String actual = BASE.replace("context-bank: 1", "context-bank: 2").replace("smr: 0x800000e0", "smr: 0x800000e1")
                .replace("domain: d3\ngroups", "domain: d4\ngroups").replace("status: okay", "status: probe-failed");
        assertEquals(List.of(
                "iommu /soc/iommu@15000000: status okay -> probe-failed",
                "iommu /soc/iommu@15000000: stream-map entry 3: context-bank 1 -> 2",
                "iommu /soc/iommu@15000000: stream-map entry 3: smr 0x800000e0 -> 0x800000e1",
                "master /soc/usb@a600000: domain d3 -> d4"), ReportDiff.diff("e.yaml", BASE, actual));
    }

    @Test
    void addedAndRemovedMastersAndDiagnostics() {
        String actual = BASE.replace("- node: /soc/usb@a600000", "- node: /soc/ufs@1d84000")
                .replace("line: 18", "line: 19")
                + "- severity: error\n  check: runtime-out-of-contexts\n  node: /soc/iommu@15000000\n  file: null\n"
                + "  line: null\n  message: no free context bank\n";
        assertEquals(List.of(
                "master /soc/ufs@1d84000 added: iommu /soc/iommu@15000000, streams [{sid: 0x880, mask: 0x0}], group g3, domain d3",
                "master /soc/usb@a600000 removed",
                "diagnostic moved: warning[unit_address_vs_reg] /soc@0: node has a unit name, but no reg or ranges property:"
                        + " board.dts:18 -> board.dts:19",
                "diagnostic added: error[runtime-out-of-contexts] /soc/iommu@15000000: no free context bank"),
                ReportDiff.diff("e.yaml", BASE, actual));
    }

    @Test
    void aVanishedDiagnosticAndAChangedStreamList() {
        String actual = BASE.substring(0, BASE.indexOf("diagnostics:")) + "diagnostics: []\n";
        actual = actual.replace("  - sid: 0x880\n    mask: 0x0\n  group", "  - sid: 0x880\n    mask: 0x0\n  - sid: 0x881\n"
                + "    mask: 0x0\n  group");
        assertEquals(List.of(
                "master /soc/usb@a600000: streams [{sid: 0x880, mask: 0x0}] -> [{sid: 0x880, mask: 0x0}, {sid: 0x881, mask: 0x0}]",
                "diagnostic removed: warning[unit_address_vs_reg] /soc@0: node has a unit name, but no reg or ranges property"
                        + " (board.dts:18)"), ReportDiff.diff("e.yaml", BASE, actual));
    }

    @Test
    void reorderingFallsBackToALineDiff() {
        String a = "apiVersion: v1\ngroups:\n- id: g0\n- id: g1\n";
        String b = "apiVersion: v1\ngroups:\n- id: g1\n- id: g0\n";
        assertEquals(List.of(
                "--- e.yaml",
                "+++ actual report",
                "@@ -1,4 +1,4 @@",
                " apiVersion: v1",
                " groups:",
                "-- id: g0",
                " - id: g1",
                "+- id: g0"), ReportDiff.diff("e.yaml", a, b));
    }

    @Test
    void unparsableExpectedFallsBackToALineDiff() {
        List<String> d = ReportDiff.diff("e.yaml", "apiVersion: [\n", BASE);
        assertEquals("--- e.yaml", d.get(0));
        assertEquals("-apiVersion: [", d.get(3));
    }

    @Test
    void lineDiffHunksKeepThreeLinesOfContext() {
        StringBuilder a = new StringBuilder();
        for (int i = 1; i <= 20; i++) {
            a.append("l").append(i).append('\n');
        }
        String b = a.toString().replace("l2\n", "L2\n").replace("l18\n", "");
        assertEquals(List.of(
                "--- a", "+++ b",
                "@@ -1,5 +1,5 @@", " l1", "-l2", "+L2", " l3", " l4", " l5",
                "@@ -15,6 +15,5 @@", " l15", " l16", " l17", "-l18", " l19", " l20"),
                LineDiff.unified("a", a.toString(), "b", b, 100));
    }
}

package dev.iommuc.runtime.smmuv3;

import dev.iommuc.cpp.SourceCache;
import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Fixups;
import dev.iommuc.pipeline.CppMode;
import dev.iommuc.pipeline.LoadOptions;
import dev.iommuc.pipeline.PlanCompiler;
import dev.iommuc.runtime.exec.Executor;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanParam;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

/**
 * {@code stream-table-levels} is one name from the policy (docs/policy.md) through the catalogue and the
 * resolver into the plan and the runtime: a policy override reaches the plan with source {@code policy}, the
 * emulated SMMU's IDR0.ST_LVL and the driver's stream table (B.2, B.3).
 */
class StreamTableLevelsPolicyTest {

    private static final String BOARD = """
            /dts-v1/;
            / {
            	#address-cells = <1>;
            	#size-cells = <1>;
            	smmu: iommu@2b400000 {
            		compatible = "arm,smmu-v3";
            		reg = <0x2b400000 0x100000>;
            		#iommu-cells = <1>;
            	};
            	dma@1000 { reg = <0x1000 0x100>; iommus = <&smmu 0x10>; };
            	dma@2000 { reg = <0x2000 0x100>; iommus = <&smmu 0x300>; };
            };
            """;

    private static Plan compile(Path dir, String params) throws IOException {
        Files.writeString(dir.resolve("board.dts"), BOARD);
        Files.writeString(dir.resolve("policy.yaml"), "apiVersion: iommuc.policy/v1\nhardware:\n"
                + "  - iommu: {label: smmu}\n    params: " + params + "\n");
        LoadOptions lo = new LoadOptions(List.of(), Map.of(), CppMode.NONE, Fixups.Options.DEFAULT, 0);
        Diagnostics d = new Diagnostics();
        Plan p = new PlanCompiler(lo, new SourceCache(), dir.resolve("policy.yaml")).compile(dir.resolve("board.dts"), d);
        assertFalse(d.hasErrors(), d.all().toString());
        // no "policy overrides 'stream-table-levels', which this provider does not have"
        assertEquals(List.of(), d.all().stream().filter(x -> x.check().startsWith("iommu-")).toList());
        return p;
    }

    @Test
    void linearByPolicy(@TempDir Path dir) throws IOException {
        Plan p = compile(dir, "{sid-bits: 10, stream-table-levels: 1}");
        PlanParam levels = p.iommus().get(0).params().get("stream-table-levels");
        assertEquals(1, levels.value());
        assertEquals("policy", levels.source());
        assertNull(p.iommus().get(0).params().get("two-level-strtab"));
        RunResult r = Executor.run(p);
        assertEquals(List.of(), r.events());
        Map<String, Long> regs = r.iommus().get(0).registers();
        assertEquals(0L, regs.get("idr0") >>> 27 & 3, "IDR0.ST_LVL = 0");
        // linear: FMT 0 | LOG2SIZE 10; 2^10 STEs × 64 bytes
        assertEquals(10L, regs.get("strtab_base_cfg"));
        assertEquals(1L, regs.get("strtab-levels"));
        assertEquals(1024L, regs.get("strtab-sids"));
        assertEquals(1024L * 64, regs.get("strtab-bytes"));
        assertNull(regs.get("strtab-l1-entries"));
        assertEquals(List.of(0x10L, 0x300L), r.iommus().get(0).streamMap().stream()
                .map(IommuState.StreamEntry::sid).toList());
    }

    @Test
    void twoLevelFromTheCatalogue(@TempDir Path dir) throws IOException {
        Plan p = compile(dir, "{sid-bits: 10}");
        PlanParam levels = p.iommus().get(0).params().get("stream-table-levels");
        assertEquals(2, levels.value());
        assertEquals("catalogue", levels.source());
        Map<String, Long> regs = Executor.run(p).iommus().get(0).registers();
        assertEquals(1L, regs.get("idr0") >>> 27 & 3, "IDR0.ST_LVL = 1");
        // 2^(10-8) = 4 L1 descriptors: FMT 1 << 16 | SPLIT 8 << 6 | LOG2SIZE 10 = 0x1020a; L2 for L1[0] and L1[3]
        assertEquals(0x1020aL, regs.get("strtab_base_cfg"));
        assertEquals(2L, regs.get("strtab-levels"));
        assertEquals(4L, regs.get("strtab-l1-entries"));
        assertEquals(2L, regs.get("strtab-l2-tables"));
        assertEquals(64L + 2 * 16384, regs.get("strtab-bytes"), "L1 (4 × 8 bytes, 64 at least) + 2 L2 tables");
    }
}

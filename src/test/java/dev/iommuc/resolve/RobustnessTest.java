package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostic;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.SplittableRandom;

import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Random boards with arbitrary IOMMU properties (wrong lengths, phandles to anything, huge cell
 * counts, interrupt-parent loops): the resolver must report, never throw, and every diagnostic it
 * raises must be one of its own check ids.
 */
class RobustnessTest {

    private static final List<String> COMPATIBLES = List.of("\"arm,mmu-500\"", "\"arm,smmu-v3\"", "\"apple,t8103-dart\"",
            "\"qcom,sc7280-smmu-500\", \"qcom,adreno-smmu\", \"qcom,smmu-500\", \"arm,mmu-500\"", "\"arm,mmu-401\"",
            "\"rockchip,iommu\"", "\"vendor,thing\"");

    private static final List<String> PROPS = List.of("#iommu-cells", "iommus", "iommu-map", "iommu-map-mask",
            "mmu-masters", "#stream-id-cells", "#global-interrupts", "interrupts", "interrupts-extended",
            "interrupt-parent", "#interrupt-cells", "stream-match-mask", "status", "device_type", "reg", "dma-coherent");

    @Test
    void randomBoardsNeverThrow() {
        SplittableRandom rnd = new SplittableRandom(20240601L);
        for (int board = 0; board < 300; board++) {
            String dts = board(rnd);
            Fixture.Result r = Fixture.resolve(dts);
            for (Diagnostic d : r.diags()) {
                assertTrue(d.check().startsWith("iommu-"), d.headline() + "\n" + dts);
            }
        }
    }

    private static String board(SplittableRandom rnd) {
        int n = 2 + rnd.nextInt(10);
        StringBuilder sb = new StringBuilder("/ {\n");
        for (int i = 0; i < n; i++) {
            sb.append(String.format("\tn%d: node@%x {\n\t\tcompatible = %s;\n", i, i, COMPATIBLES.get(rnd.nextInt(COMPATIBLES.size()))));
            for (String p : PROPS) {
                if (rnd.nextInt(3) == 0) {
                    sb.append("\t\t").append(p).append(value(p, rnd, n)).append(";\n");
                }
            }
            if (rnd.nextBoolean()) {
                sb.append(String.format("\t\tchild@0 { reg = <0x%x 0 0 0 0>; iommus = <&n%d 1>; };\n",
                        rnd.nextInt(0x30000), rnd.nextInt(n)));
            }
            sb.append("\t};\n");
        }
        return sb.append("};\n").toString();
    }

    private static String value(String prop, SplittableRandom rnd, int n) {
        switch (prop) {
            case "status":
                return rnd.nextBoolean() ? " = \"disabled\"" : " = \"okay\"";
            case "device_type":
                return " = \"pci\"";
            case "dma-coherent":
                return "";
            default:
                break;
        }
        StringBuilder v = new StringBuilder(" = <");
        int cells = rnd.nextInt(9);
        for (int k = 0; k < cells; k++) {
            int pick = rnd.nextInt(6);
            if (pick == 0) {
                v.append(" &n").append(rnd.nextInt(n));
            } else if (pick == 1) {
                v.append(" 0xffffffff");
            } else {
                v.append(" ").append(rnd.nextInt(pick == 2 ? 0x20000 : 4));
            }
        }
        v.append(" >");
        if (rnd.nextInt(8) == 0) {
            v.append(", [00 01]");
        }
        return v.toString();
    }
}

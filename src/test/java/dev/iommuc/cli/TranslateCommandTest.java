package dev.iommuc.cli;

import org.junit.jupiter.api.Test;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * {@code translate} through the emulated SMMU after the plan ran: USB (SID 0xe0) has a 1 MiB read-only
 * buffer at 0x10000000 in its DMA domain (plan/workload.yaml). Reads translate, writes hit the
 * read-only leaf (permission fault), unmapped IOVAs a translation fault, unknown SIDs match no SMR.
 */
class TranslateCommandTest {

    private static String[] translate(String... extra) {
        String[] base = {"translate", "src/test/resources/plan/qcom-gpu.dts", "--cpp=none", "--policy",
            "src/test/resources/plan/workload.yaml", "--iommu", "apps_smmu"};
        String[] args = new String[base.length + extra.length];
        System.arraycopy(base, 0, args, 0, base.length);
        System.arraycopy(extra, 0, args, base.length, extra.length);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = new Main(new PrintWriter(out), new PrintWriter(err)).run(args);
        return new String[] {String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void outcomes() {
        String[] r = translate("--sid", "0xe0", "--iova", "0x10000000");
        assertEquals("0", r[0], r[2]);
        // buffers without phys are placed from 16 GiB (Executor.DRAM_BASE) in workload order: the GPU's 64 MiB at
        // 0x4_0000_0000, then USB's 1 MiB at 0x4_0400_0000 (aligned to 1 MiB)
        assertTrue(r[1].contains("translated pa 0x404000000"), r[1]);
        r = translate("--sid", "0xe0", "--iova", "0x100fff8");
        assertTrue(r[1].contains("fault translation"), r[1]);
        r = translate("--sid", "0xe0", "--iova", "0x10000008", "--write");
        assertEquals("1", r[0]);
        assertTrue(r[1].contains("fault permission"), r[1]);
        r = translate("--sid", "0x99", "--iova", "0x0");
        assertTrue(r[1].contains("fault unmatched_stream"), r[1]);
    }

    @Test
    void usage() {
        assertEquals("2", translate("--sid", "zz", "--iova", "0")[0]);
        assertEquals("2", translate("--iova", "0")[0]);
        // a substream ID means nothing to an SMMUv2
        String[] ssid = translate("--sid", "0xe0", "--ssid", "1", "--iova", "0x10000000");
        assertEquals("2", ssid[0]);
        assertTrue(ssid[2].contains("--ssid") && ssid[2].contains("no substreams"), ssid[2]);
        StringWriter err = new StringWriter();
        assertEquals(2, new Main(new PrintWriter(new StringWriter()), new PrintWriter(err)).run("translate",
                "src/test/resources/plan/qcom-gpu.dts", "--cpp=none", "--iommu", "nope", "--sid", "1", "--iova", "0"));
    }
}

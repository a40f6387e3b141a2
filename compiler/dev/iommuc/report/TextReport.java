package dev.iommuc.report;

import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.Map;

/** The report for a person at a terminal: one line per IOMMU, master, and domain. */
public final class TextReport {

    private TextReport() {
    }

    private static String count(long n, String what) {
        return n + " " + what + (n == 1 ? "" : "s");
    }

    /** 18432 → "18K", 66240 → "66240 bytes". */
    private static String bytes(long n) {
        return n >= 1024 && n % 1024 == 0 ? ReportModel.size(n) : n + " bytes";
    }

    public static String write(RunResult run) {
        StringBuilder sb = new StringBuilder();
        sb.append("IOMMUs\n");
        for (IommuState i : run.iommus()) {
            sb.append(String.format("  %-40s %-12s %-18s %-9s %s%n", i.id(), i.model(), i.impl(), i.status(),
                    "(" + i.emulation() + ")"));
            Map<String, Long> r = i.registers();
            if (r.containsKey("strtab-levels")) {
                // SMMUv3: the stream table and the CD tables the driver built
                String shape = r.get("strtab-levels") == 2
                        ? String.format("2-level, %d L1 entries, %s", r.get("strtab-l1-entries"),
                        count(r.get("strtab-l2-tables"), "L2 table"))
                        : "linear";
                sb.append(String.format("    stream table: %s, %d SIDs, %s at 0x%x (STRTAB_BASE_CFG 0x%x); %s, %s%n",
                        shape, r.get("strtab-sids"), bytes(r.get("strtab-bytes")),
                        r.get("strtab_base") & 0x000f_ffff_ffff_ffc0L, r.get("strtab_base_cfg"),
                        count(r.get("cd-tables"), "CD table"), bytes(r.get("cd-bytes"))));
            }
        }
        sb.append("masters\n");
        for (MasterState m : run.masters()) {
            StringBuilder streams = new StringBuilder();
            for (PlanStream s : m.streams()) {
                streams.append(streams.length() == 0 ? "" : " ").append(String.format("0x%x/0x%x", s.sid(), s.mask()));
            }
            String where = m.noIommu() != null ? "no IOMMU: " + m.noIommu()
                    : "group " + m.group() + ", domain " + m.domain();
            sb.append(String.format("  %-40s %-24s %s%n", m.id(), streams, where));
        }
        sb.append("domains\n");
        for (DomainState d : run.domains()) {
            sb.append(String.format("  %-12s %-10s %s%s%n", d.id(), d.type(), String.join(" ", d.iommus()),
                    d.contextBank() == null ? "" : "  context bank " + d.contextBank()));
        }
        for (RunResult.Event e : run.events()) {
            sb.append(e.severity()).append('[').append(e.check()).append("]: ")
                    .append(e.node() == null ? "" : e.node() + ": ").append(e.message()).append('\n');
        }
        return sb.toString();
    }
}

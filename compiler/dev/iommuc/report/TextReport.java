package dev.iommuc.report;

import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.PlanStream;

/** The report for a person at a terminal: one line per IOMMU, master, and domain. */
public final class TextReport {

    private TextReport() {
    }

    public static String write(RunResult run) {
        StringBuilder sb = new StringBuilder();
        sb.append("IOMMUs\n");
        for (IommuState i : run.iommus()) {
            sb.append(String.format("  %-40s %-12s %-18s %-9s %s%n", i.id(), i.model(), i.impl(), i.status(),
                    "(" + i.emulation() + ")"));
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

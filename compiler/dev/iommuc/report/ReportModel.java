package dev.iommuc.report;

import dev.iommuc.diag.Diagnostic;
import dev.iommuc.plan.Hex;
import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.GroupState;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code iommuc.report/v1} (SPEC §5) as explicit ordered maps: the keys are a contract for external
 * tools (extend, never rename). Addresses, IDs, masks and register values are {@link Hex}.
 */
public final class ReportModel {

    public static final String API_VERSION = "iommuc.report/v1";

    private ReportModel() {
    }

    public static Map<String, Object> build(Plan plan, RunResult run, List<Diagnostic> diagnostics) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", API_VERSION);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("files", plan.files());
        inputs.put("policy", plan.policy());
        inputs.put("profile", plan.profile());
        doc.put("inputs", inputs);
        doc.put("iommus", list(run.iommus(), ReportModel::iommu));
        doc.put("masters", list(run.masters(), ReportModel::master));
        doc.put("groups", list(run.groups(), ReportModel::group));
        doc.put("domains", list(run.domains(), ReportModel::domain));
        List<Object> diags = new ArrayList<>();
        for (Diagnostic d : diagnostics) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", d.severity().label());
            m.put("check", d.check());
            m.put("node", d.subject().isEmpty() ? null : d.subject());
            m.put("file", d.pos().file());
            m.put("line", d.pos().line());
            m.put("message", d.message());
            diags.add(m);
        }
        for (RunResult.Event e : run.events()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("severity", e.severity());
            m.put("check", e.check());
            m.put("node", e.node());
            m.put("file", null);
            m.put("line", null);
            m.put("message", e.message());
            diags.add(m);
        }
        doc.put("diagnostics", diags);
        return doc;
    }

    private static <T> List<Object> list(List<T> xs, java.util.function.Function<T, Object> f) {
        List<Object> out = new ArrayList<>(xs.size());
        xs.forEach(x -> out.add(f.apply(x)));
        return out;
    }

    private static Object iommu(IommuState i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", i.id());
        m.put("label", i.label());
        m.put("compatible", i.compatible());
        m.put("model", i.model());
        m.put("impl", i.impl());
        m.put("emulation", i.emulation());
        m.put("status", i.status());
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, PlanParam> e : i.params().entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("value", dev.iommuc.plan.PlanWriter.hexParam(e.getKey()) ? new Hex(e.getValue().value())
                    : (Object) e.getValue().value());
            p.put("source", e.getValue().source());
            params.put(e.getKey(), p);
        }
        m.put("params", params);
        // global registers and in-memory structures the driver set up (extends SPEC §5)
        m.put("registers", globals(i.registers()));
        List<Object> sm = new ArrayList<>();
        for (IommuState.StreamEntry s : i.streamMap()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", s.index());
            e.put("sid", new Hex(s.sid()));
            e.put("mask", new Hex(s.mask()));
            e.put("type", s.type());
            e.put("context-bank", s.contextBank());
            e.put("group", s.group());
            if (!s.registers().isEmpty()) {
                e.put("registers", hexMap(s.registers()));
            }
            sm.add(e);
        }
        m.put("stream-map", sm);
        List<Object> cbs = new ArrayList<>();
        for (IommuState.ContextBank c : i.contextBanks()) {
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("index", c.index());
            if (c.master() != null) {
                e.put("master", c.master());   // SMMUv3: the CD table (per master) holding this CD
            }
            e.put("domain", c.domain());
            e.put("stage", c.stage());
            e.put("format", c.format());
            e.put("asid", c.asid());
            e.put("vmid", c.vmid());
            e.put("registers", hexMap(c.registers()));
            cbs.add(e);
        }
        m.put("context-banks", cbs);
        return m;
    }

    /**
     * Global registers and structure shapes: register words in hex, counts and sizes (names ending in
     * {@code -levels}, {@code -sids}, {@code -entries}, {@code -tables}, {@code -bytes}) in decimal.
     */
    private static Map<String, Object> globals(Map<String, Long> regs) {
        Map<String, Object> out = new LinkedHashMap<>();
        regs.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT),
                k.matches(".*-(levels|sids|entries|tables|bytes)") ? (Object) v : new Hex(v)));
        return out;
    }

    /** Register words by name; names in lower case, as SPEC §5 writes them ({@code tcr}, {@code ttbr0}). */
    private static Map<String, Object> hexMap(Map<String, Long> regs) {
        Map<String, Object> out = new LinkedHashMap<>();
        regs.forEach((k, v) -> out.put(k.toLowerCase(java.util.Locale.ROOT), new Hex(v)));
        return out;
    }

    private static Object master(MasterState ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("node", ms.id());
        m.put("compatible", ms.compatible());
        // one IOMMU as a scalar, several as a list (SPEC §5)
        m.put("iommu", ms.iommus().size() == 1 ? ms.iommus().get(0) : ms.iommus());
        List<Object> streams = new ArrayList<>();
        for (PlanStream s : ms.streams()) {
            Map<String, Object> e = new LinkedHashMap<>();
            if (ms.iommus().size() > 1) {
                e.put("iommu", s.iommu());
            }
            e.put("sid", new Hex(s.sid()));
            e.put("mask", new Hex(s.mask()));
            if (s.rid() != null) {
                e.put("rid", new Hex(s.rid()));
            }
            streams.add(e);
        }
        m.put("streams", streams);
        m.put("group", ms.group());
        m.put("domain", ms.domain());
        if (ms.noIommu() != null) {
            m.put("no-iommu", ms.noIommu());
        }
        return m;
    }

    private static Object group(GroupState g) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", g.id());
        m.put("iommu", g.iommus().size() == 1 ? g.iommus().get(0) : g.iommus());
        m.put("members", g.members());
        m.put("default-domain", g.defaultDomain());
        return m;
    }

    private static Object domain(DomainState d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", d.id());
        m.put("type", d.type());
        m.put("iommus", d.iommus());
        m.put("context-bank", d.contextBank());
        DomainState.PageTableState p = d.pagetable();
        if (p == null) {
            m.put("pagetable", null);
        } else {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("format", p.format());
            t.put("granule", size(p.granule()));
            t.put("ias", p.ias());
            t.put("oas", p.oas());
            t.put("levels", p.levels());
            t.put("start-level", p.startLevel());
            t.put("pgd-bytes", p.pgdBytes());
            t.put("ranges", p.ranges());
            Map<String, Object> tables = new LinkedHashMap<>();
            for (int i = 0; i < p.tablesPerLevel().size(); i++) {
                tables.put("level-" + (p.startLevel() + i), p.tablesPerLevel().get(i));
            }
            t.put("tables", tables);
            t.put("table-bytes", p.tableBytes());
            m.put("pagetable", t);
        }
        return m;
    }

    /** 4096 → "4K", 1 << 21 → "2M". */
    static String size(long bytes) {
        String[] units = {"", "K", "M", "G", "T"};
        int u = 0;
        long v = bytes;
        while (u < units.length - 1 && v >= 1024 && v % 1024 == 0) {
            v /= 1024;
            u++;
        }
        return v + units[u];
    }
}

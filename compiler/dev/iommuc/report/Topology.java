package dev.iommuc.report;

import dev.iommuc.runtime.exec.DomainState;
import dev.iommuc.runtime.exec.GroupState;
import dev.iommuc.runtime.exec.IommuState;
import dev.iommuc.runtime.exec.MasterState;
import dev.iommuc.runtime.exec.RunResult;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The picture of a run, as columns left to right — masters → streams → groups → domains → context
 * banks or stream-table entries → page tables — and the edges between them. On an SMMUv3 a stream box
 * is its STE (its Config), and the fifth column holds the context descriptors: one box per master and
 * SSID (CD tables are per master), so a PASID domain shows SSID 0 and each process's CD with its ASID,
 * and the page-table box counts its PASID contexts. {@link DotPicture} and
 * {@link SvgPicture} draw it; both draw exactly this, so the picture is the report, not a drawing.
 * {@code notes} are the run's errors and warnings, printed under the picture.
 */
public record Topology(List<Column> columns, List<Edge> edges, List<String> notes) {

    public static final List<String> COLUMN_TITLES = List.of("masters", "streams", "groups", "domains",
            "context banks / stream entries", "page tables");

    /** A box: {@code id} unique in the picture, a title line and detail lines; {@code tone} picks a colour. */
    public record Box(String id, String title, List<String> lines, String tone) {
        public Box {
            lines = List.copyOf(lines);
        }
    }

    public record Column(String title, List<Box> boxes) {
        public Column {
            boxes = List.copyOf(boxes);
        }
    }

    /** {@code style} is {@code solid}, or {@code dashed} for "attached now, not the default". */
    public record Edge(String from, String to, String style) {
    }

    public static Topology of(RunResult run) {
        return new Builder(run).build();
    }

    private static final class Builder {
        private final RunResult run;
        private final List<List<Box>> cols = new ArrayList<>();
        private final List<Edge> edges = new ArrayList<>();
        private final Map<String, String> iommuLabel = new LinkedHashMap<>();
        /** SMMUv3 instances: their STEs by SID. */
        private final Map<String, Map<Long, IommuState.StreamEntry>> stes = new LinkedHashMap<>();

        Builder(RunResult run) {
            this.run = run;
            COLUMN_TITLES.forEach(t -> cols.add(new ArrayList<>()));
            for (IommuState i : run.iommus()) {
                iommuLabel.put(i.id(), i.label() != null ? i.label() : shortName(i.id()));
                if (smmuv3(i)) {
                    Map<Long, IommuState.StreamEntry> bySid = new LinkedHashMap<>();
                    i.streamMap().forEach(e -> bySid.put(e.sid(), e));
                    stes.put(i.id(), bySid);
                }
            }
        }

        private static boolean smmuv3(IommuState i) {
            return "arm-smmu-v3".equals(i.model());
        }

        Topology build() {
            Map<String, DomainState> domains = new LinkedHashMap<>();
            run.domains().forEach(d -> domains.put(d.id(), d));
            int mi = 0;
            for (MasterState m : run.masters()) {
                if (m.noIommu() != null || m.streams().isEmpty()) {
                    continue;
                }
                String mid = "m" + mi++;
                cols.get(0).add(new Box(mid, shortName(m.id()), m.compatible().isEmpty() ? List.of()
                        : List.of(m.compatible().get(0)), "master"));
                int si = 0;
                for (PlanStream s : m.streams()) {
                    String sid = mid + "s" + si++;
                    List<String> lines = new ArrayList<>();
                    lines.add(iommuLabel.getOrDefault(s.iommu(), shortName(s.iommu())));
                    if (s.rid() != null) {
                        lines.add(String.format("rid 0x%x (%s)", s.rid(), s.via()));
                    }
                    IommuState.StreamEntry ste = stes.getOrDefault(s.iommu(), Map.of()).get(s.sid());
                    if (ste != null && ste.group() != null && ste.group().equals(m.group())) {
                        lines.add("STE " + ste.type());   // the STE this master owns (not an aliasing one)
                    }
                    cols.get(1).add(new Box(sid, String.format("sid 0x%x", s.sid())
                            + (s.mask() != 0 ? String.format(" mask 0x%x", s.mask()) : ""), lines, "stream"));
                    edges.add(new Edge(mid, sid, "solid"));
                    if (m.group() != null) {
                        edges.add(new Edge(sid, "grp:" + m.group(), "solid"));
                    }
                }
            }
            for (GroupState g : run.groups()) {
                cols.get(2).add(new Box("grp:" + g.id(), g.id(), List.of(g.members().size() + " member"
                        + (g.members().size() == 1 ? "" : "s")), "group"));
                if (g.defaultDomain() != null) {
                    edges.add(new Edge("grp:" + g.id(), "dom:" + g.defaultDomain(), "solid"));
                }
            }
            // a group attached to a driver's domain now: dashed edge from the group to it
            for (MasterState m : run.masters()) {
                GroupState g = run.groups().stream().filter(x -> x.id().equals(m.group())).findFirst().orElse(null);
                if (g != null && m.domain() != null && !m.domain().equals(g.defaultDomain())) {
                    Edge e = new Edge("grp:" + g.id(), "dom:" + m.domain(), "dashed");
                    if (!edges.contains(e)) {
                        edges.add(e);
                    }
                }
            }
            for (DomainState d : run.domains()) {
                cols.get(3).add(new Box("dom:" + d.id(), d.id(), List.of(d.type()), "domain-" + d.type()));
            }
            hardware(domains);
            List<String> notes = new ArrayList<>();
            for (RunResult.Event e : run.events()) {
                if (!e.severity().equals("note")) {
                    notes.add(e.severity() + " [" + e.check() + "] " + (e.node() == null ? "" : e.node() + ": ")
                            + e.message());
                }
            }
            return new Topology(columns(), edges, notes);
        }

        /** Context banks (SMMUv2) or stream entries (others) per IOMMU, then each domain's page table. */
        private void hardware(Map<String, DomainState> domains) {
            Map<String, String> tableFrom = new LinkedHashMap<>();
            List<Edge> shared = new ArrayList<>();
            for (IommuState i : run.iommus()) {
                String name = iommuLabel.get(i.id());
                if (smmuv3(i)) {
                    contextDescriptors(i, name, tableFrom);
                    continue;
                }
                for (IommuState.ContextBank c : i.contextBanks()) {
                    String id = "cb:" + i.id() + ":" + c.index();
                    List<String> lines = new ArrayList<>();
                    lines.add(name);
                    StringBuilder ids = new StringBuilder();
                    if (c.stage() != null) {
                        ids.append(c.stage()).append(' ');
                    }
                    if (c.asid() != null) {
                        ids.append("asid ").append(c.asid()).append(' ');
                    }
                    if (c.vmid() != null) {
                        ids.append("vmid ").append(c.vmid());
                    }
                    if (!ids.isEmpty()) {
                        lines.add(ids.toString().trim());
                    }
                    cols.get(4).add(new Box(id, "CB" + c.index(), lines, "bank"));
                    if (c.domain() != null) {
                        edges.add(new Edge("dom:" + c.domain(), id, "solid"));
                        tableFrom.putIfAbsent(c.domain(), id);
                    }
                }
                if (!i.contextBanks().isEmpty()) {
                    continue;
                }
                boolean dart = "apple-dart".equals(i.model());
                for (IommuState.StreamEntry e : i.streamMap()) {
                    String id = "se:" + i.id() + ":" + e.index();
                    cols.get(4).add(new Box(id, String.format(dart ? "SID %d" : "entry %d", e.index()),
                            dart ? dartLines(name, locked(i), e) : List.of(name, e.type()), "bank"));
                    String dom = domainOfGroup(e.group());
                    if (dom != null) {
                        edges.add(new Edge("dom:" + dom, id, "solid"));
                        if (dart && tableFrom.containsKey(dom) && domains.containsKey(dom)
                                && domains.get(dom).pagetable() != null) {
                            // one table, its root written into every DART of the domain (dart-smmuv3-of.md A.8)
                            shared.add(new Edge(id, "pt:" + dom, "solid"));
                        }
                        tableFrom.putIfAbsent(dom, id);
                    }
                }
            }
            // tables in the order of the boxes they hang from (fewer crossings), then the bank-less ones
            List<DomainState> order = new ArrayList<>();
            for (Box b : cols.get(4)) {
                tableFrom.forEach((dom, box) -> {
                    if (box.equals(b.id()) && domains.containsKey(dom) && !order.contains(domains.get(dom))) {
                        order.add(domains.get(dom));
                    }
                });
            }
            run.domains().stream().filter(d -> !order.contains(d)).forEach(order::add);
            for (DomainState d : order) {
                DomainState.PageTableState t = d.pagetable();
                if (t == null) {
                    continue;
                }
                String id = "pt:" + d.id();
                long tables = t.tablesPerLevel().stream().mapToLong(Integer::longValue).sum();
                List<String> lines = new ArrayList<>();
                lines.add(t.levels() + " levels from L" + t.startLevel() + ", ias " + t.ias());
                if (t.ranges().size() > 1 && t.ranges().get(1).startsWith("pasid")) {
                    lines.add("SSID 0 + " + (t.ranges().size() - 1) + " PASID context tables");
                } else if (t.ranges().size() > 1) {
                    lines.add("TTBR1 + " + (t.ranges().size() - 1) + " process TTBR0 tables");
                }
                lines.add(tables + (tables == 1 ? " table, " : " tables, ") + ReportModel.size(t.tableBytes()));
                cols.get(5).add(new Box(id, t.format() + " " + ReportModel.size(t.granule()), lines, "table"));
                edges.add(new Edge(tableFrom.getOrDefault(d.id(), "dom:" + d.id()), id, "solid"));
            }
            shared.stream().filter(e -> !edges.contains(e)).forEach(edges::add);
        }

        /**
         * A DART stream is its TCR and TTBR words (A.2), not a stream-map index: the SID, how TCR has it,
         * and TTBR0 when set (on a locked DART the firmware's: the kernel copies its root into that table, A.7).
         */
        private static List<String> dartLines(String dart, boolean locked, IommuState.StreamEntry e) {
            List<String> lines = new ArrayList<>();
            lines.add(dart);
            Long tcr = e.registers().get("tcr");
            lines.add(e.type() + (tcr == null ? "" : String.format(", TCR 0x%x", tcr)));
            Long ttbr = e.registers().get("ttbr0");
            if (ttbr != null && ttbr != 0) {
                lines.add(String.format(locked ? "fw TTBR0 0x%08x (locked)" : "TTBR0 0x%08x", ttbr));
            }
            return lines;
        }

        /** CONFIG.LOCK (bit 15, T8020) or PROTECT bit 0 (T8110) as the DART's registers show it (A.2). */
        private static boolean locked(IommuState i) {
            return (i.registers().getOrDefault("config", 0L) & 0x8000) != 0
                    || (i.registers().getOrDefault("protect", 0L) & 1) != 0;
        }

        /**
         * An SMMUv3's CDs, one box per master and SSID: the STEs are the stream boxes, and a CD belongs to
         * its master's CD table, so SSID 0 recurs once per master (a shared domain: the same ASID in each).
         */
        private void contextDescriptors(IommuState i, String name, Map<String, String> tableFrom) {
            for (IommuState.ContextBank c : i.contextBanks()) {
                String id = "cd:" + i.id() + ":" + c.master() + ":" + c.index();
                List<String> lines = new ArrayList<>();
                if (c.master() != null) {
                    lines.add(shortName(c.master()));
                }
                lines.add((c.index() == 0 ? "no PASID" : "PASID " + c.index())
                        + (c.asid() != null ? ", asid " + c.asid() : ""));
                lines.add(name);
                cols.get(4).add(new Box(id, "CD ssid " + c.index(), lines, "bank"));
                if (c.domain() != null) {
                    edges.add(new Edge("dom:" + c.domain(), id, "solid"));
                    tableFrom.putIfAbsent(c.domain(), id);
                }
            }
        }

        private String domainOfGroup(String group) {
            for (MasterState m : run.masters()) {
                if (group != null && group.equals(m.group())) {
                    return m.domain();
                }
            }
            return null;
        }

        private List<Column> columns() {
            List<Column> out = new ArrayList<>();
            boolean v3 = run.iommus().stream().anyMatch(i -> smmuv3(i) && !i.contextBanks().isEmpty());
            boolean others = run.iommus().stream().anyMatch(i -> !smmuv3(i) && !i.streamMap().isEmpty());
            for (int i = 0; i < cols.size(); i++) {
                String title = COLUMN_TITLES.get(i);
                if (i == 4 && v3) {
                    title = others ? title + " / context descriptors" : "context descriptors (per master, SSID)";
                }
                out.add(new Column(title, cols.get(i)));
            }
            return out;
        }
    }

    /** The last path component of a node path ({@code /soc@0/gpu@3000000} → {@code gpu@3000000}). */
    static String shortName(String path) {
        int slash = path.lastIndexOf('/');
        return slash < 0 || slash == path.length() - 1 ? path : path.substring(slash + 1);
    }
}

package dev.iommuc.plan;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.runtime.plan.DomainType;
import dev.iommuc.runtime.plan.IommuFamily;
import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;
import org.yaml.snakeyaml.nodes.Node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code iommuc.plan/v1} YAML → {@link Plan}, validated on load: shape and types (with the line and
 * column of each offending key), then references (every stream, operation and buffer must name an
 * IOMMU, master, domain or buffer the plan defines). Errors use check id {@code plan-invalid};
 * returns null when there were any.
 */
public final class PlanReader {

    private static final String CHECK = "plan-invalid";

    private final YamlIn in;
    private final Diagnostics diags;

    private PlanReader(String file, Diagnostics diags) {
        this.in = new YamlIn(file, diags, CHECK);
        this.diags = diags;
    }

    public static Plan read(String text, String file, Diagnostics diags) {
        return new PlanReader(file, diags).read(text);
    }

    private Plan read(String text) {
        int before = diags.errorCount();
        Node root = in.compose(text);
        if (root == null) {
            return null;
        }
        Map<String, Node> top = in.mapping(root, "plan", Set.of("apiVersion", "inputs", "kernel", "sharing", "iommus",
                "masters", "domains", "workload", "operations"));
        if (top == null) {
            return null;
        }
        String api = in.string(top, "apiVersion", "plan", true);
        if (api != null && !api.equals(Plan.API_VERSION)) {
            in.error(top.get("apiVersion"), "plan.apiVersion", "expected " + Plan.API_VERSION + ", got " + api);
        }
        Map<String, Node> inputs = top.containsKey("inputs")
                ? in.mapping(top.get("inputs"), "plan.inputs", Set.of("files", "policy", "profile")) : Map.of();
        if (inputs == null) {
            inputs = Map.of();
        }
        List<String> files = in.strings(inputs, "files", "plan.inputs");
        String policy = in.string(inputs, "policy", "plan.inputs", false);
        String profile = in.string(inputs, "profile", "plan.inputs", false);
        Kernel kernel = kernel(top.get("kernel"));
        String sharing = in.string(top, "sharing", "plan", true);
        List<PlanIommu> iommus = new ArrayList<>();
        List<Node> nodes = in.sequence(top.get("iommus"), "plan.iommus");
        for (int i = 0; i < nodes.size(); i++) {
            PlanIommu x = iommu(nodes.get(i), "plan.iommus[" + i + "]");
            if (x != null) {
                iommus.add(x);
            }
        }
        List<PlanMaster> masters = new ArrayList<>();
        nodes = in.sequence(top.get("masters"), "plan.masters");
        for (int i = 0; i < nodes.size(); i++) {
            PlanMaster x = master(nodes.get(i), "plan.masters[" + i + "]");
            if (x != null) {
                masters.add(x);
            }
        }
        List<PlanDomain> domains = new ArrayList<>();
        nodes = in.sequence(top.get("domains"), "plan.domains");
        for (int i = 0; i < nodes.size(); i++) {
            PlanDomain x = domain(nodes.get(i), "plan.domains[" + i + "]");
            if (x != null) {
                domains.add(x);
            }
        }
        List<PlanBuffer> workload = new ArrayList<>();
        nodes = in.sequence(top.get("workload"), "plan.workload");
        for (int i = 0; i < nodes.size(); i++) {
            PlanBuffer x = buffer(nodes.get(i), "plan.workload[" + i + "]");
            if (x != null) {
                workload.add(x);
            }
        }
        List<Operation> ops = new ArrayList<>();
        nodes = in.sequence(top.get("operations"), "plan.operations");
        for (int i = 0; i < nodes.size(); i++) {
            Operation x = operation(nodes.get(i), "plan.operations[" + i + "]");
            if (x != null) {
                ops.add(x);
            }
        }
        if (diags.errorCount() > before || kernel == null) {
            return null;
        }
        Plan plan = new Plan(files, policy, profile, kernel, sharing, iommus, masters, domains, workload, ops);
        references(plan, top);
        return diags.errorCount() > before ? null : plan;
    }

    private Kernel kernel(Node n) {
        Map<String, Node> m = in.mapping(n, "plan.kernel", Set.of("page-size", "default-domain", "disable-bypass",
                "dart-small-pages", "qcom-bypass-quirk"));
        if (m == null) {
            return null;
        }
        Long page = in.integer(m, "page-size", "plan.kernel", null);
        if (page != null && page != 4096 && page != 16384 && page != 65536) {
            in.error(m.get("page-size"), "plan.kernel.page-size", "must be 4K, 16K or 64K");
        }
        // a missing or bad value has been reported; the defaults only keep the record well-formed
        Boolean bypass = in.bool(m, "disable-bypass", "plan.kernel", null);
        Boolean quirk = in.bool(m, "qcom-bypass-quirk", "plan.kernel", null);
        return new Kernel(page == null ? 4096 : page,
                in.enumValue(m, "default-domain", "plan.kernel", DomainType.class, null),
                bypass != null && bypass,
                in.enumValue(m, "dart-small-pages", "plan.kernel", Kernel.DartSmallPages.class, null),
                quirk != null && quirk);
    }

    private PlanIommu iommu(Node n, String path) {
        Map<String, Node> m = in.mapping(n, path, Set.of("id", "label", "compatible", "family", "impl", "version",
                "enabled", "iommu-cells", "legacy", "params"));
        if (m == null) {
            return null;
        }
        Map<String, PlanParam> params = new LinkedHashMap<>();
        if (m.containsKey("params")) {
            Map<String, Node> ps = in.mapping(m.get("params"), path + ".params", new AnyKey());
            if (ps != null) {
                for (Map.Entry<String, Node> e : ps.entrySet()) {
                    String pp = path + ".params." + e.getKey();
                    Map<String, Node> p = in.mapping(e.getValue(), pp, Set.of("value", "source", "why"));
                    if (p != null) {
                        Long v = in.integer(p, "value", pp, null);
                        params.put(e.getKey(), new PlanParam(v == null ? 0 : v, in.string(p, "source", pp, true),
                                in.string(p, "why", pp, false)));
                    }
                }
            }
        }
        Long cells = in.integer(m, "iommu-cells", path, 0L);
        return new PlanIommu(in.string(m, "id", path, true), in.string(m, "label", path, false),
                in.strings(m, "compatible", path), in.enumValue(m, "family", path, IommuFamily.class, null),
                in.string(m, "impl", path, false), in.string(m, "version", path, false),
                in.bool(m, "enabled", path, true), cells.intValue(), in.bool(m, "legacy", path, false), params);
    }

    private PlanMaster master(Node n, String path) {
        Map<String, Node> m = in.mapping(n, path, Set.of("id", "label", "compatible", "streams", "requested", "reason",
                "pasid-bits", "no-iommu"));
        if (m == null) {
            return null;
        }
        List<PlanStream> streams = new ArrayList<>();
        List<Node> ss = in.sequence(m.get("streams"), path + ".streams");
        for (int i = 0; i < ss.size(); i++) {
            String sp = path + ".streams[" + i + "]";
            Map<String, Node> s = in.mapping(ss.get(i), sp, Set.of("iommu", "sid", "mask", "via", "rid"));
            if (s != null) {
                Long sid = in.integer(s, "sid", sp, null);
                streams.add(new PlanStream(in.string(s, "iommu", sp, true), sid == null ? 0 : sid,
                        in.integer(s, "mask", sp, 0L), in.string(s, "via", sp, true),
                        s.containsKey("rid") ? in.integer(s, "rid", sp, 0L) : null));
            }
        }
        DomainType requested = m.containsKey("requested") && in.string(m, "requested", path, false) != null
                ? in.enumValue(m, "requested", path, DomainType.class, DomainType.DMA) : null;
        return new PlanMaster(in.string(m, "id", path, true), in.string(m, "label", path, false),
                in.strings(m, "compatible", path), streams, requested, in.string(m, "reason", path, false),
                in.integer(m, "pasid-bits", path, 0L).intValue(), in.string(m, "no-iommu", path, false));
    }

    private PlanDomain domain(Node n, String path) {
        Map<String, Node> m = in.mapping(n, path, Set.of("name", "type", "masters", "split-processes",
                "pasid-processes"));
        if (m == null) {
            return null;
        }
        return new PlanDomain(in.string(m, "name", path, true), in.enumValue(m, "type", path, DomainType.class, null),
                in.strings(m, "masters", path), in.integer(m, "split-processes", path, 0L).intValue(),
                in.integer(m, "pasid-processes", path, 0L).intValue());
    }

    private PlanBuffer buffer(Node n, String path) {
        Map<String, Node> m = in.mapping(n, path, Set.of("domain", "master", "iova", "size", "prot", "phys", "process"));
        if (m == null) {
            return null;
        }
        String domain = in.string(m, "domain", path, false);
        String master = in.string(m, "master", path, false);
        if ((domain == null) == (master == null)) {
            in.error(n, path, "give exactly one of domain and master");
        }
        Long iova = in.integer(m, "iova", path, null);
        Long size = in.integer(m, "size", path, null);
        Long process = m.containsKey("process") ? in.integer(m, "process", path, 0L) : null;
        return new PlanBuffer(domain, master, iova == null ? 0 : iova, size == null ? 0 : size,
                in.string(m, "prot", path, true), m.containsKey("phys") ? in.integer(m, "phys", path, 0L) : null,
                process == null ? null : process.intValue());
    }

    private Operation operation(Node n, String path) {
        Map<String, Node> m = in.mapping(n, path, Set.of("op", "iommu", "master", "domain", "buffer"));
        if (m == null) {
            return null;
        }
        String op = in.string(m, "op", path, true);
        if (op == null) {
            return null;
        }
        return switch (op) {
            case "probe" -> new Operation.Probe(in.string(m, "iommu", path, true));
            case "add-device" -> new Operation.AddDevice(in.string(m, "master", path, true));
            case "attach" -> new Operation.Attach(in.string(m, "domain", path, true), in.string(m, "master", path, true));
            case "map" -> new Operation.MapBuffer(in.integer(m, "buffer", path, 0L).intValue());
            default -> {
                in.error(m.get("op"), path + ".op", "unknown operation '" + op + "' (probe, add-device, attach, map)");
                yield null;
            }
        };
    }

    /** Cross-references: streams → iommus, operations → iommus/masters/domains/buffers, buffers → targets. */
    private void references(Plan plan, Map<String, Node> top) {
        Set<String> iommus = new HashSet<>();
        plan.iommus().forEach(i -> iommus.add(i.id()));
        Set<String> masters = new HashSet<>();
        plan.masters().forEach(m -> masters.add(m.id()));
        Set<String> domains = new HashSet<>();
        plan.domains().forEach(d -> domains.add(d.name()));
        List<Node> mNodes = in.sequence(top.get("masters"), "plan.masters");
        for (int i = 0; i < plan.masters().size(); i++) {
            for (PlanStream s : plan.masters().get(i).streams()) {
                if (!iommus.contains(s.iommu())) {
                    in.error(mNodes.get(i), "plan.masters[" + i + "]", "stream names unknown iommu " + s.iommu());
                }
            }
        }
        List<Node> dNodes = in.sequence(top.get("domains"), "plan.domains");
        for (int i = 0; i < plan.domains().size(); i++) {
            for (String m : plan.domains().get(i).masters()) {
                if (!masters.contains(m)) {
                    in.error(dNodes.get(i), "plan.domains[" + i + "]", "unknown master " + m);
                }
            }
        }
        List<Node> bNodes = in.sequence(top.get("workload"), "plan.workload");
        for (int i = 0; i < plan.workload().size(); i++) {
            PlanBuffer b = plan.workload().get(i);
            if (b.domain() != null && !domains.contains(b.domain())) {
                in.error(bNodes.get(i), "plan.workload[" + i + "]", "unknown domain " + b.domain());
            }
            if (b.master() != null && !masters.contains(b.master())) {
                in.error(bNodes.get(i), "plan.workload[" + i + "]", "unknown master " + b.master());
            }
        }
        List<Node> oNodes = in.sequence(top.get("operations"), "plan.operations");
        for (int i = 0; i < plan.operations().size(); i++) {
            Operation op = plan.operations().get(i);
            String bad = null;
            if (op instanceof Operation.Probe p && !iommus.contains(p.iommu())) {
                bad = "unknown iommu " + p.iommu();
            } else if (op instanceof Operation.AddDevice a && !masters.contains(a.master())) {
                bad = "unknown master " + a.master();
            } else if (op instanceof Operation.Attach a && (!domains.contains(a.domain()) || !masters.contains(a.master()))) {
                bad = "unknown domain or master " + a.domain() + " / " + a.master();
            } else if (op instanceof Operation.MapBuffer mb && (mb.buffer() < 0 || mb.buffer() >= plan.workload().size())) {
                bad = "buffer index " + mb.buffer() + " out of range";
            }
            if (bad != null) {
                in.error(oNodes.get(i), "plan.operations[" + i + "]", bad);
            }
        }
    }

    /** Accepts any key (for parameter maps, whose names the catalogue defines). */
    private static final class AnyKey extends java.util.AbstractSet<String> {
        @Override
        public boolean contains(Object o) {
            return true;
        }

        @Override
        public java.util.Iterator<String> iterator() {
            return java.util.Collections.emptyIterator();
        }

        @Override
        public int size() {
            return 0;
        }
    }
}

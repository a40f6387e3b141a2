package dev.iommuc.plan;

import dev.iommuc.runtime.plan.Kernel;
import dev.iommuc.runtime.plan.Operation;
import dev.iommuc.runtime.plan.Plan;
import dev.iommuc.runtime.plan.PlanBuffer;
import dev.iommuc.runtime.plan.PlanDomain;
import dev.iommuc.runtime.plan.PlanIommu;
import dev.iommuc.runtime.plan.PlanMaster;
import dev.iommuc.runtime.plan.PlanParam;
import dev.iommuc.runtime.plan.PlanStream;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** {@link Plan} → {@code iommuc.plan/v1} YAML, keys in a fixed order so equal plans give equal bytes. */
public final class PlanWriter {

    private PlanWriter() {
    }

    public static String write(Plan plan) {
        return YamlOut.dump(doc(plan));
    }

    /** The plan as the ordered maps and lists {@link YamlOut} writes. */
    static Map<String, Object> doc(Plan plan) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("apiVersion", Plan.API_VERSION);
        Map<String, Object> inputs = new LinkedHashMap<>();
        inputs.put("files", plan.files());
        inputs.put("policy", plan.policy());
        inputs.put("profile", plan.profile());
        doc.put("inputs", inputs);
        doc.put("kernel", kernel(plan.kernel()));
        doc.put("sharing", plan.sharing());
        doc.put("iommus", map(plan.iommus(), PlanWriter::iommu));
        doc.put("masters", map(plan.masters(), PlanWriter::master));
        doc.put("domains", map(plan.domains(), PlanWriter::domain));
        doc.put("workload", map(plan.workload(), PlanWriter::buffer));
        doc.put("operations", map(plan.operations(), PlanWriter::operation));
        return doc;
    }

    /** Addresses, masks, granule bitmaps and page sizes are hex; counts and bit widths decimal (SPEC §5). */
    public static boolean hexParam(String name) {
        return name.endsWith("mask") || name.contains("ttbr") || name.equals("granules") || name.endsWith("page-size")
                || name.endsWith("-base") || name.endsWith("-addr");
    }

    static String enumName(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    private static <T> List<Object> map(List<T> xs, java.util.function.Function<T, Object> f) {
        List<Object> out = new ArrayList<>(xs.size());
        for (T x : xs) {
            out.add(f.apply(x));
        }
        return out;
    }

    private static Map<String, Object> kernel(Kernel k) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("page-size", new Hex(k.pageSize()));
        m.put("default-domain", enumName(k.defaultDomain()));
        m.put("disable-bypass", k.disableBypass());
        m.put("dart-small-pages", enumName(k.dartSmallPages()));
        m.put("qcom-bypass-quirk", k.qcomBypassQuirk());
        return m;
    }

    private static Object iommu(PlanIommu i) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", i.id());
        m.put("label", i.label());
        m.put("compatible", i.compatible());
        m.put("family", enumName(i.family()));
        m.put("impl", i.impl());
        m.put("version", i.version());
        m.put("enabled", i.enabled());
        m.put("iommu-cells", i.iommuCells());
        m.put("legacy", i.legacy());
        Map<String, Object> params = new LinkedHashMap<>();
        for (Map.Entry<String, PlanParam> e : i.params().entrySet()) {
            Map<String, Object> p = new LinkedHashMap<>();
            p.put("value", hexParam(e.getKey()) ? new Hex(e.getValue().value()) : (Object) e.getValue().value());
            p.put("source", e.getValue().source());
            p.put("why", e.getValue().why());
            params.put(e.getKey(), p);
        }
        m.put("params", params);
        return m;
    }

    private static Object master(PlanMaster ms) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", ms.id());
        m.put("label", ms.label());
        m.put("compatible", ms.compatible());
        m.put("streams", map(ms.streams(), PlanWriter::stream));
        m.put("requested", ms.requested() == null ? null : enumName(ms.requested()));
        m.put("reason", ms.reason());
        m.put("pasid-bits", ms.pasidBits());
        if (ms.noIommu() != null) {
            m.put("no-iommu", ms.noIommu());
        }
        return m;
    }

    private static Object stream(PlanStream s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("iommu", s.iommu());
        m.put("sid", new Hex(s.sid()));
        m.put("mask", new Hex(s.mask()));
        m.put("via", s.via());
        if (s.rid() != null) {
            m.put("rid", new Hex(s.rid()));
        }
        return m;
    }

    private static Object domain(PlanDomain d) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", d.name());
        m.put("type", enumName(d.type()));
        m.put("masters", d.masters());
        m.put("split-processes", d.splitProcesses());
        m.put("pasid-processes", d.pasidProcesses());
        return m;
    }

    private static Object buffer(PlanBuffer b) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (b.domain() != null) {
            m.put("domain", b.domain());
        }
        if (b.master() != null) {
            m.put("master", b.master());
        }
        m.put("iova", new Hex(b.iova()));
        m.put("size", new Hex(b.size()));
        m.put("prot", b.prot());
        if (b.phys() != null) {
            m.put("phys", new Hex(b.phys()));
        }
        if (b.process() != null) {
            m.put("process", b.process());
        }
        return m;
    }

    private static Object operation(Operation op) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (op instanceof Operation.Probe p) {
            m.put("op", "probe");
            m.put("iommu", p.iommu());
        } else if (op instanceof Operation.AddDevice a) {
            m.put("op", "add-device");
            m.put("master", a.master());
        } else if (op instanceof Operation.Attach a) {
            m.put("op", "attach");
            m.put("domain", a.domain());
            m.put("master", a.master());
        } else if (op instanceof Operation.MapBuffer mb) {
            m.put("op", "map");
            m.put("buffer", mb.buffer());
        }
        return m;
    }
}

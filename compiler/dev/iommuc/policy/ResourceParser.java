package dev.iommuc.policy;

import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The {@code hardware}, {@code pci} and {@code workload} sections of a policy. */
final class ResourceParser {

    /** The smallest IOMMU page of every format we emulate: addresses and sizes below it cannot be mapped. */
    static final long MIN_GRANULE = 4096;

    private final NodeReader r;
    private final Selectors sel;

    ResourceParser(NodeReader r, Selectors sel) {
        this.r = r;
        this.sel = sel;
    }

    List<HardwareOverride> hardware(Node n) {
        List<Node> items = r.list(n, "hardware", false);
        List<HardwareOverride> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = NodeReader.item("hardware", i);
            MappingNode m = r.map(items.get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, path, List.of("iommu", "params", "locked"));
            r.require(f, m, path, "iommu");
            if (!f.containsKey("params") && !f.containsKey("locked") && f.containsKey("iommu")) {
                r.error(PolicyChecks.MISSING_KEY, m, path, "needs params or locked");
            }
            List<Selector> iommu = f.containsKey("iommu") ? sel.one(f.get("iommu"), NodeReader.child(path, "iommu")) : null;
            if (iommu != null && unique(seen, Selectors.key(iommu), f.get("iommu"), path, "hardware entry for this iommu")) {
                iommu = null;
            }
            Map<String, Long> params = new LinkedHashMap<>();
            List<Long> granules = new ArrayList<>();
            boolean ok = !f.containsKey("params") || params(f.get("params"), NodeReader.child(path, "params"), params, granules);
            Locked locked = f.containsKey("locked") ? locked(f.get("locked"), NodeReader.child(path, "locked")) : null;
            if (iommu != null && ok && (locked != null || !f.containsKey("locked"))) {
                out.add(new HardwareOverride(iommu, params, granules, locked, r.pos(m)));
            }
        }
        return out;
    }

    /** True (after reporting) when {@code key} was already used in this section of the file. */
    private boolean unique(Map<String, Integer> seen, String key, Node at, String path, String what) {
        Integer first = seen.putIfAbsent(key, at.getStartMark().getLine() + 1);
        if (first != null) {
            r.error(PolicyChecks.VALUE, at, path, "duplicate " + what + " (first at line " + first + ")");
            return true;
        }
        return false;
    }

    private boolean params(Node n, String path, Map<String, Long> params, List<Long> granules) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return false;
        }
        List<String> known = new ArrayList<>(HardwareParams.names());
        known.add("granules");
        Map<String, Node> f = r.fields(m, path, known);
        boolean ok = f.size() == m.getValue().size();
        for (Map.Entry<String, Node> e : f.entrySet()) {
            String p = NodeReader.child(path, e.getKey());
            if (e.getKey().equals("granules")) {
                ok &= granules(e.getValue(), p, granules);
                continue;
            }
            HardwareParams.Spec spec = HardwareParams.spec(e.getKey());
            Long v = spec.size() ? r.size(e.getValue(), p) : r.integer(e.getValue(), p, Long.MIN_VALUE, Long.MAX_VALUE);
            String why = v == null ? null : HardwareParams.problem(spec, v);
            if (why != null) {
                r.error(PolicyChecks.VALUE, e.getValue(), p, why);
            }
            if (v == null || why != null) {
                ok = false;
            } else {
                params.put(e.getKey(), v);
            }
        }
        Long cbs = params.get("num-context-banks");
        Long s2 = params.get("num-s2-context-banks");
        if (cbs != null && s2 != null && s2 > cbs) {
            // IDR1: NUMS2CB counts a subset of the NUMCB banks
            r.error(PolicyChecks.VALUE, f.get("num-s2-context-banks"), NodeReader.child(path, "num-s2-context-banks"),
                    "must not exceed num-context-banks (" + cbs + ")");
            ok = false;
        }
        return ok;
    }

    private boolean granules(Node n, String path, List<Long> out) {
        List<Node> items = r.list(n, path, true);
        if (items == null) {
            return false;
        }
        boolean ok = true;
        for (int i = 0; i < items.size(); i++) {
            String p = NodeReader.item(path, i);
            Long g = r.size(items.get(i), p);
            if (g != null && g != 4096 && g != 16384 && g != 65536) {
                r.error(PolicyChecks.VALUE, items.get(i), p, "must be 4K, 16K or 64K (LPAE granules)");
                g = null;
            } else if (g != null && out.contains(g)) {
                r.error(PolicyChecks.VALUE, items.get(i), p, "granule listed twice");
                g = null;
            }
            if (g == null) {
                ok = false;
            } else {
                out.add(g);
            }
        }
        return ok;
    }

    private Locked locked(Node n, String path) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, List.of("ttbr", "four-level"));
        r.require(f, m, path, "ttbr");
        Long ttbr = f.containsKey("ttbr") ? r.u64(f.get("ttbr"), NodeReader.child(path, "ttbr")) : null;
        if (ttbr != null && (ttbr == 0 || Long.remainderUnsigned(ttbr, MIN_GRANULE) != 0)) {
            // a root table is page-aligned; the DART page size check needs the variant and is the planner's
            r.error(PolicyChecks.VALUE, f.get("ttbr"), NodeReader.child(path, "ttbr"), Numbers.hex(ttbr)
                    + " is not a table address (non-zero, 4K-aligned)");
            ttbr = null;
        }
        Boolean four = f.containsKey("four-level") ? r.bool(f.get("four-level"), NodeReader.child(path, "four-level"))
                : Boolean.FALSE;
        return ttbr == null || four == null ? null : new Locked(ttbr, four, r.pos(m));
    }

    List<PciHost> pci(Node n) {
        List<Node> items = r.list(n, "pci", false);
        List<PciHost> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = NodeReader.item("pci", i);
            MappingNode m = r.map(items.get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, path, List.of("host", "rids"));
            r.require(f, m, path, "host");
            r.require(f, m, path, "rids");
            List<Selector> host = f.containsKey("host") ? sel.one(f.get("host"), NodeReader.child(path, "host")) : null;
            if (host != null && unique(seen, Selectors.key(host), f.get("host"), path, "pci entry for this host")) {
                host = null;
            }
            List<Long> rids = f.containsKey("rids") ? rids(f.get("rids"), NodeReader.child(path, "rids")) : null;
            if (host != null && rids != null) {
                out.add(new PciHost(host, rids, r.pos(m)));
            }
        }
        return out;
    }

    private List<Long> rids(Node n, String path) {
        List<Node> items = r.list(n, path, true);
        if (items == null) {
            return null;
        }
        List<Long> out = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            String p = NodeReader.item(path, i);
            // bus << 8 | device << 3 | function, the 16-bit requester ID iommu-map translates
            Long rid = r.integer(items.get(i), p, 0, 0xffff);
            if (rid != null && out.contains(rid)) {
                r.error(PolicyChecks.VALUE, items.get(i), p, "requester ID " + Numbers.hex(rid) + " listed twice");
                return null;
            }
            if (rid == null) {
                return null;
            }
            out.add(rid);
        }
        return out;
    }

    List<Buffer> workload(Node n) {
        List<Node> items = r.list(n, "workload", false);
        List<Buffer> out = new ArrayList<>();
        Map<String, Integer> seen = new HashMap<>();
        for (int i = 0; items != null && i < items.size(); i++) {
            String path = NodeReader.item("workload", i);
            MappingNode m = r.map(items.get(i), path);
            if (m == null) {
                continue;
            }
            Buffer b = buffer(m, path);
            if (b != null && !unique(seen, b.key(), m, path, "buffer at " + Numbers.hex(b.iova()) + " in this domain")) {
                out.add(b);
            }
        }
        return out;
    }

    private Buffer buffer(MappingNode m, String path) {
        Map<String, Node> f = r.fields(m, path, List.of("domain", "master", "iova", "size", "phys", "prot", "process"));
        if (!f.containsKey("domain") && !f.containsKey("master")) {
            r.error(PolicyChecks.MISSING_KEY, m, path, "needs domain (a driver domain's name) or master (a selector)");
        } else if (f.containsKey("domain") && f.containsKey("master")) {
            r.error(PolicyChecks.VALUE, Selectors.keyNode(m, "master"), path, "takes domain or master, not both");
            return null;
        }
        r.require(f, m, path, "iova");
        r.require(f, m, path, "size");
        String domain = f.containsKey("domain") ? r.string(f.get("domain"), NodeReader.child(path, "domain")) : null;
        List<Selector> master = f.containsKey("master") ? sel.one(f.get("master"), NodeReader.child(path, "master")) : null;
        Long iova = f.containsKey("iova") ? aligned(f.get("iova"), NodeReader.child(path, "iova"), false) : null;
        Long size = f.containsKey("size") ? aligned(f.get("size"), NodeReader.child(path, "size"), true) : null;
        Long phys = f.containsKey("phys") ? aligned(f.get("phys"), NodeReader.child(path, "phys"), false) : null;
        Prot prot = Prot.RW;
        if (f.containsKey("prot")) {
            String p = NodeReader.child(path, "prot");
            String text = r.string(f.get("prot"), p);
            String[] why = new String[1];
            prot = text == null ? null : Prot.parse(text, why);
            if (text != null && prot == null) {
                r.error(PolicyChecks.VALUE, f.get("prot"), p, why[0]);
            }
        }
        Integer process = null;
        if (f.containsKey("process")) {
            Long v = r.integer(f.get("process"), NodeReader.child(path, "process"), 0, PolicyParser.MAX_PASID_PROCESSES);
            process = v == null ? null : v.intValue();
            if (v == null) {
                return null;
            }
        }
        if (iova != null && size != null) {
            overflow(f.get("size"), NodeReader.child(path, "size"), iova, size, "iova");
        }
        if (phys != null && size != null) {
            overflow(f.get("phys"), NodeReader.child(path, "phys"), phys, size, "phys");
        }
        if ((domain == null && master == null) || iova == null || size == null || prot == null
                || (f.containsKey("phys") && phys == null)) {
            return null;
        }
        return new Buffer(domain, master == null ? List.of() : master, iova, size, phys, process, prot, r.pos(m));
    }

    /** An address or size that the smallest granule divides; sizes must not be zero. */
    private Long aligned(Node n, String path, boolean isSize) {
        Long v = isSize ? r.size(n, path) : r.u64(n, path);
        if (v == null) {
            return null;
        }
        if (isSize && v == 0) {
            r.error(PolicyChecks.VALUE, n, path, "must not be zero");
            return null;
        }
        if (Long.remainderUnsigned(v, MIN_GRANULE) != 0) {
            r.error(PolicyChecks.VALUE, n, path, Numbers.hex(v) + " is not 4K-aligned (the smallest IOMMU page)");
            return null;
        }
        return v;
    }

    private void overflow(Node at, String path, long base, long size, String what) {
        BigInteger end = new BigInteger(Long.toUnsignedString(base)).add(new BigInteger(Long.toUnsignedString(size)));
        if (end.compareTo(Numbers.U64_MAX.add(BigInteger.ONE)) > 0) {
            r.error(PolicyChecks.VALUE, at, path, what + " " + Numbers.hex(base) + " + size runs past 2^64");
        }
    }
}

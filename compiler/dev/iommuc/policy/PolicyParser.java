package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;
import org.yaml.snakeyaml.nodes.MappingNode;
import org.yaml.snakeyaml.nodes.Node;
import org.yaml.snakeyaml.nodes.NodeTuple;
import org.yaml.snakeyaml.nodes.ScalarNode;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The {@code iommuc.policy/v1} schema over a composed node tree: top level, kernel facts, master
 * rules, driver domains and sharing. Hardware, PCI and workload entries are read by
 * {@link ResourceParser}. docs/policy.md is the user-facing description of the same schema.
 */
final class PolicyParser {

    static final List<String> TOP = List.of("apiVersion", "profile", "kernel", "masters", "domains", "sharing",
            "hardware", "pci", "workload");
    static final List<String> KERNEL = List.of("page-size", "default-domain", "disable-bypass", "dart-small-pages",
            "qcom-bypass-quirk");
    static final int MAX_PROCESSES = 4096;
    static final int MAX_PASID_PROCESSES = (1 << 20) - 1;

    private static final Map<String, DomainType> DEFAULT_DOMAIN = ordered(
            "dma", DomainType.DMA, "dma-strict", DomainType.DMA, "dma-lazy", DomainType.DMA,
            "identity", DomainType.IDENTITY);
    private static final Map<String, DomainType> DOMAIN_TYPES = ordered(
            "dma", DomainType.DMA, "identity", DomainType.IDENTITY, "blocked", DomainType.BLOCKED,
            "unmanaged", DomainType.UNMANAGED);
    private static final Map<String, DartSmallPages> SMALL_PAGES = ordered(
            "force-bypass", DartSmallPages.FORCE_BYPASS, "refuse", DartSmallPages.REFUSE);
    private static final Map<String, SharingStrategy> STRATEGIES = ordered(
            "per-group", SharingStrategy.PER_GROUP, "per-iommu", SharingStrategy.PER_IOMMU,
            "herd", SharingStrategy.HERD);

    private final NodeReader r;
    private final Selectors sel;
    private final ResourceParser resources;

    PolicyParser(NodeReader r) {
        this.r = r;
        this.sel = new Selectors(r);
        this.resources = new ResourceParser(r, sel);
    }

    @SuppressWarnings("unchecked")
    private static <E> Map<String, E> ordered(Object... kv) {
        Map<String, E> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], (E) kv[i + 1]);
        }
        return m;
    }

    /** The policy, or null when anything was reported. {@code root} is null for an empty document. */
    Policy parse(Node root, SourcePos start) {
        if (root == null) {
            r.error(PolicyChecks.VERSION, start, "", "empty policy: expected a mapping starting with apiVersion: "
                    + Policy.API_VERSION);
            return null;
        }
        if (!(root instanceof MappingNode m)) {
            r.error(PolicyChecks.TYPE, root, "", "a policy is a mapping (apiVersion: " + Policy.API_VERSION
                    + ", kernel: …), got " + NodeReader.describe(root));
            return null;
        }
        // the version first: another version's keys would all look unknown
        if (!version(m)) {
            return null;
        }
        Map<String, Node> f = r.fields(m, "", TOP);
        String profile = Profiles.DEFAULT;
        if (f.containsKey("profile")) {
            profile = r.choice(f.get("profile"), "profile", profileNames());
        }
        KernelFacts kernel = f.containsKey("kernel") ? kernel(f.get("kernel")) : KernelFacts.UNSET;
        List<MasterRule> masters = f.containsKey("masters") ? masters(f.get("masters")) : List.of();
        List<DriverDomain> domains = f.containsKey("domains") ? domains(f.get("domains")) : List.of();
        Sharing sharing = f.containsKey("sharing") ? sharing(f.get("sharing")) : Sharing.UNSET;
        List<HardwareOverride> hw = f.containsKey("hardware") ? resources.hardware(f.get("hardware")) : List.of();
        List<PciHost> pci = f.containsKey("pci") ? resources.pci(f.get("pci")) : List.of();
        List<Buffer> workload = f.containsKey("workload") ? resources.workload(f.get("workload")) : List.of();
        if (r.failed()) {
            return null;
        }
        return new Policy(Policy.API_VERSION, profile, kernel, masters, domains, sharing, hw, pci, workload, r.pos(m));
    }

    private static Map<String, String> profileNames() {
        Map<String, String> m = new LinkedHashMap<>();
        for (String n : Profiles.names()) {
            m.put(n, n);
        }
        return m;
    }

    /** A wrong or missing version stops the walk. */
    private boolean version(MappingNode m) {
        Node v = null;
        for (NodeTuple t : m.getValue()) {
            if (t.getKeyNode() instanceof ScalarNode k && k.getValue().equals("apiVersion") && v == null) {
                v = t.getValueNode();
            }
        }
        if (v == null) {
            r.error(PolicyChecks.VERSION, m, "", "missing apiVersion: " + Policy.API_VERSION);
            return false;
        }
        if (!(v instanceof ScalarNode s) || !Policy.API_VERSION.equals(s.getValue())) {
            String got = v instanceof ScalarNode s ? "'" + Numbers.abbreviate(s.getValue()) + "'" : NodeReader.describe(v);
            r.error(PolicyChecks.VERSION, v, "apiVersion", "expected " + Policy.API_VERSION + ", got " + got);
            return false;
        }
        return true;
    }

    private KernelFacts kernel(Node n) {
        MappingNode m = r.map(n, "kernel");
        if (m == null) {
            return KernelFacts.UNSET;
        }
        Map<String, Node> f = r.fields(m, "kernel", KERNEL);
        Long page = null;
        if (f.containsKey("page-size")) {
            Node v = f.get("page-size");
            page = r.size(v, "kernel.page-size");
            if (page != null && page != 4096 && page != 16384 && page != 65536) {
                r.error(PolicyChecks.VALUE, v, "kernel.page-size", "must be 4K, 16K or 64K (arm64 CPU page sizes)");
                page = null;
            }
        }
        DomainType dd = f.containsKey("default-domain")
                ? r.choice(f.get("default-domain"), "kernel.default-domain", DEFAULT_DOMAIN) : null;
        Boolean bypass = f.containsKey("disable-bypass") ? r.bool(f.get("disable-bypass"), "kernel.disable-bypass") : null;
        DartSmallPages small = f.containsKey("dart-small-pages")
                ? r.choice(f.get("dart-small-pages"), "kernel.dart-small-pages", SMALL_PAGES) : null;
        Boolean quirk = f.containsKey("qcom-bypass-quirk")
                ? r.bool(f.get("qcom-bypass-quirk"), "kernel.qcom-bypass-quirk") : null;
        return new KernelFacts(page, dd, bypass, small, quirk, r.pos(m));
    }

    private List<MasterRule> masters(Node n) {
        List<Node> items = r.list(n, "masters", false);
        List<MasterRule> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        for (int i = 0; i < items.size(); i++) {
            String path = NodeReader.item("masters", i);
            MappingNode m = r.map(items.get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, path, List.of("match", "domain", "iommu-impl"));
            r.require(f, m, path, "match");
            r.require(f, m, path, "domain");
            List<Selector> match = f.containsKey("match") ? sel.one(f.get("match"), NodeReader.child(path, "match")) : null;
            DomainType type = f.containsKey("domain")
                    ? r.choice(f.get("domain"), NodeReader.child(path, "domain"), DOMAIN_TYPES) : null;
            List<String> impls = f.containsKey("iommu-impl") ? impls(f.get("iommu-impl"), path) : List.of();
            if (match != null && type != null && impls != null) {
                out.add(new MasterRule(match, impls, type, r.pos(m)));
            }
        }
        return out;
    }

    private List<String> impls(Node n, String path) {
        String p = NodeReader.child(path, "iommu-impl");
        List<ScalarNode> v = r.strings(n, p);
        if (v == null) {
            return null;
        }
        List<String> out = new ArrayList<>();
        for (ScalarNode s : v) {
            if (!s.getValue().matches("[a-z0-9][a-z0-9-]*")) {
                r.error(PolicyChecks.VALUE, s, p, "'" + Numbers.abbreviate(s.getValue())
                        + "' is not an implementation name (e.g. qcom-smmu-500)");
                return null;
            }
            out.add(s.getValue());
        }
        return out;
    }

    private List<DriverDomain> domains(Node n) {
        List<Node> items = r.list(n, "domains", false);
        List<DriverDomain> out = new ArrayList<>();
        if (items == null) {
            return out;
        }
        Map<String, Integer> names = new HashMap<>();
        for (int i = 0; i < items.size(); i++) {
            String path = NodeReader.item("domains", i);
            MappingNode m = r.map(items.get(i), path);
            if (m == null) {
                continue;
            }
            Map<String, Node> f = r.fields(m, path, List.of("name", "masters", "split-tables", "pasid"));
            r.require(f, m, path, "name");
            r.require(f, m, path, "masters");
            String name = f.containsKey("name") ? name(f.get("name"), NodeReader.child(path, "name"), names, "domain") : null;
            List<Selector> masters = f.containsKey("masters") ? sel.many(f.get("masters"), NodeReader.child(path, "masters")) : null;
            SplitTables split = f.containsKey("split-tables") ? split(f.get("split-tables"), NodeReader.child(path, "split-tables")) : null;
            Pasid pasid = f.containsKey("pasid") ? pasid(f.get("pasid"), NodeReader.child(path, "pasid")) : null;
            if (f.containsKey("split-tables") && f.containsKey("pasid")) {
                // Adreno split tables are an SMMUv2 CB feature, PASIDs an SMMUv3 one: no master has both
                r.error(PolicyChecks.VALUE, Selectors.keyNode(m, "pasid"), path, "split-tables and pasid exclude each other");
            }
            if (name != null && masters != null) {
                out.add(new DriverDomain(name, masters, split, pasid, r.pos(m)));
            }
        }
        return out;
    }

    /** A domain or herd name, unique within the file. */
    String name(Node n, String path, Map<String, Integer> seen, String what) {
        String s = r.string(n, path);
        if (s == null) {
            return null;
        }
        if (!s.matches("[A-Za-z0-9][A-Za-z0-9_.-]{0,63}")) {
            r.error(PolicyChecks.VALUE, n, path, "'" + Numbers.abbreviate(s) + "' is not a name (letters, digits, _ . -; "
                    + "at most 64)");
            return null;
        }
        Integer first = seen.putIfAbsent(s, n.getStartMark().getLine() + 1);
        if (first != null) {
            r.error(PolicyChecks.VALUE, n, path, "duplicate " + what + " '" + s + "' (first at line " + first + ")");
            return null;
        }
        return s;
    }

    private SplitTables split(Node n, String path) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, List.of("ttbr1", "processes"));
        String ttbr1 = SplitTables.GLOBAL;
        if (f.containsKey("ttbr1")) {
            ttbr1 = r.choice(f.get("ttbr1"), NodeReader.child(path, "ttbr1"), Map.of(SplitTables.GLOBAL, SplitTables.GLOBAL));
        }
        Long processes = f.containsKey("processes")
                ? r.integer(f.get("processes"), NodeReader.child(path, "processes"), 1, MAX_PROCESSES) : Long.valueOf(1);
        return ttbr1 == null || processes == null ? null : new SplitTables(ttbr1, processes.intValue(), r.pos(m));
    }

    private Pasid pasid(Node n, String path) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, List.of("processes"));
        r.require(f, m, path, "processes");
        Long processes = f.containsKey("processes")
                ? r.integer(f.get("processes"), NodeReader.child(path, "processes"), 1, MAX_PASID_PROCESSES) : null;
        return processes == null ? null : new Pasid(processes.intValue(), r.pos(m));
    }

    private Sharing sharing(Node n) {
        MappingNode m = r.map(n, "sharing");
        if (m == null) {
            return Sharing.UNSET;
        }
        Map<String, Node> f = r.fields(m, "sharing", List.of("strategy", "herds"));
        SharingStrategy strategy = f.containsKey("strategy")
                ? r.choice(f.get("strategy"), "sharing.strategy", STRATEGIES) : null;
        List<Herd> herds = new ArrayList<>();
        if (f.containsKey("herds")) {
            List<Node> items = r.list(f.get("herds"), "sharing.herds", false);
            Map<String, Integer> names = new HashMap<>();
            for (int i = 0; items != null && i < items.size(); i++) {
                Herd h = herd(items.get(i), NodeReader.item("sharing.herds", i), names);
                if (h != null) {
                    herds.add(h);
                }
            }
            if (strategy == null) {
                strategy = SharingStrategy.HERD;
            } else if (strategy != SharingStrategy.HERD) {
                r.error(PolicyChecks.VALUE, f.get("strategy"), "sharing.strategy", "herds need strategy: herd, not "
                        + strategy.yamlName());
            }
        }
        return new Sharing(strategy, herds, r.pos(m));
    }

    private Herd herd(Node n, String path, Map<String, Integer> names) {
        MappingNode m = r.map(n, path);
        if (m == null) {
            return null;
        }
        Map<String, Node> f = r.fields(m, path, List.of("name", "masters"));
        r.require(f, m, path, "name");
        r.require(f, m, path, "masters");
        String name = f.containsKey("name") ? name(f.get("name"), NodeReader.child(path, "name"), names, "herd") : null;
        List<Selector> masters = f.containsKey("masters") ? sel.many(f.get("masters"), NodeReader.child(path, "masters")) : null;
        return name == null || masters == null ? null : new Herd(name, masters, r.pos(m));
    }
}

package dev.iommuc.policy;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.model.Data;
import dev.iommuc.model.DeviceTree;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The checks of {@link PolicyBinder} that look at selectors' results together. */
final class BindChecks {

    private final BoundPolicy bound;
    private final DeviceTree tree;
    private final Diagnostics diags;

    BindChecks(BoundPolicy bound, DeviceTree tree, Diagnostics diags) {
        this.bound = bound;
        this.tree = tree;
        this.diags = diags;
    }

    void run() {
        Policy p = bound.policy();
        Map<String, String> domainOf = new HashMap<>();
        for (DriverDomain d : p.domains()) {
            claim(domainOf, d.masters(), "driver domain '" + d.name() + "'",
                    "a master is attached to one driver domain at a time");
            if (d.pasid() != null) {
                pasid(d);
            }
        }
        Map<String, String> herdOf = new HashMap<>();
        for (Herd h : p.sharing().herds()) {
            claim(herdOf, h.masters(), "herd '" + h.name() + "'", "a master has one default domain");
        }
        for (Buffer b : p.workload()) {
            buffer(b);
        }
    }

    /** Reports nodes that an earlier entry of the same kind already claimed. */
    private void claim(Map<String, String> owner, List<Selector> selectors, String what, String why) {
        Map<String, Boolean> mine = new HashMap<>();
        for (Selector s : selectors) {
            for (String path : bound.nodes(s)) {
                if (mine.putIfAbsent(path, true) != null) {
                    continue;
                }
                String prev = owner.putIfAbsent(path, what);
                if (prev != null) {
                    diags.error(PolicyChecks.CONFLICT, s.pos(), path + " is in " + prev + " and in " + what
                            + " (" + why + ")");
                }
            }
        }
    }

    /**
     * SSID 0 is the domain itself (IOMMU_NO_PASID), so {@code processes} contexts need SSIDs
     * 1..processes: {@code processes <= 2^pasid-num-bits - 1} for every master.
     */
    private void pasid(DriverDomain d) {
        int processes = d.pasid().processes();
        for (Selector s : d.masters()) {
            for (String path : bound.nodes(s)) {
                Node n = tree.nodeByPath(path);
                Property prop = n == null ? null : n.property("pasid-num-bits");
                Data v = prop == null ? null : prop.value();
                if (v == null || v.length() != 4) {
                    diags.error(PolicyChecks.PASID_RANGE, d.pasid().pos(), "domain '" + d.name() + "': " + path
                            + " has no pasid-num-bits (one cell), so it has no PASID contexts");
                    continue;
                }
                long bits = Integer.toUnsignedLong(v.cell(0));
                long max = bits >= 20 ? (1L << 20) - 1 : (1L << bits) - 1;
                if (processes > max) {
                    diags.error(PolicyChecks.PASID_RANGE, d.pasid().pos(), "domain '" + d.name() + "': "
                            + processes + " processes need SSIDs 1.." + processes + ", but " + path
                            + " has pasid-num-bits = " + bits + " (at most " + max + ")");
                }
            }
        }
    }

    private void buffer(Buffer b) {
        DriverDomain d = null;
        if (b.domain() != null) {
            d = bound.policy().domain(b.domain());
            if (d == null) {
                diags.error(PolicyChecks.UNKNOWN_DOMAIN, b.pos(), "workload buffer names domain '" + b.domain()
                        + "', which the policy does not define");
                return;
            }
        } else {
            List<String> ns = bound.nodes(b.master());
            boolean reported = ns.isEmpty() && b.master().stream().noneMatch(s -> s instanceof Selector.ByCompatible);
            if (ns.size() != 1 && !reported) {
                diags.error(PolicyChecks.BUFFER_MASTER, b.master().get(0).pos(), "a buffer's master must select "
                        + "exactly one node; this selects " + (ns.isEmpty() ? "none" : ns.size() + ": " + ns));
            }
        }
        if (b.process() == null) {
            return;
        }
        int processes = d == null ? 0 : d.processes();
        if (processes == 0) {
            diags.error(PolicyChecks.PROCESS_RANGE, b.pos(), "process " + b.process() + " needs a driver domain with "
                    + "split-tables or pasid" + (d == null ? "" : "; '" + d.name() + "' has neither"));
        } else if (b.process() >= processes) {
            diags.error(PolicyChecks.PROCESS_RANGE, b.pos(), "process " + b.process() + " of domain '" + d.name()
                    + "', which has " + processes + " (0.." + (processes - 1) + ")");
        }
    }
}

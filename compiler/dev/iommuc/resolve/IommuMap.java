package dev.iommuc.resolve;

import dev.iommuc.diag.Diagnostics;
import dev.iommuc.diag.SourcePos;
import dev.iommuc.model.Node;
import dev.iommuc.model.Property;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code iommu-map}/{@code iommu-map-mask} on PCI and fsl-mc hosts with the exact {@code of_map_id}
 * semantics of dart-smmuv3-of.md C.2: 4-cell tuples (rid-base, iommu, iommu-base, length), the mask
 * ANDed in first, first match wins, u32 arithmetic throughout. Every requester ID is a master: a PCI
 * device node below the host (RID from its {@code reg}) or a RID the policy lists. The translated ID is
 * then a one-cell specifier for the target's driver, so {@code stream-match-mask} applies on arm-smmu.
 */
final class IommuMap {

    private static final long U32 = 0xffffffffL;

    private final Masters masters;
    private final Diagnostics diags;

    IommuMap(Masters masters) {
        this.masters = masters;
        this.diags = masters.diags();
    }

    private record Tuple(int index, long ridBase, long phandle, long iommuBase, long length) {
    }

    /** The outcome of of_map_id for one ID: a tuple and its output, or why there is none. */
    private record Mapping(Tuple tuple, long out, String failure) {
    }

    /** A requester ID and the DT node that has it, if any. */
    private record Rid(long rid, Node node) {
    }

    /**
     * The masters behind {@code host}, in DT pre-order of their nodes, then the policy's RIDs in policy
     * order; the nodes used are added to {@code consumed} (a PCI device's own {@code iommus} is not read).
     */
    List<Master> resolve(Node host, List<Long> policyRids, Set<Node> consumed) {
        Property map = host.property("iommu-map");
        SourcePos pos = map.pos() == null ? host.pos() : map.pos();
        String subject = Dt.subject(host, "iommu-map");
        Long maskProp = Dt.u32(host, "iommu-map-mask");
        long mask = maskProp == null ? U32 : maskProp;
        List<Tuple> tuples = tuples(map, mask, pos, subject);

        List<Rid> rids = new ArrayList<>();
        if (Dt.isPciBus(host)) {
            pciDevices(host, rids);
        }
        Set<Long> listed = new HashSet<>();
        rids.forEach(r -> listed.add(r.rid()));
        for (Long rid : policyRids) {
            if (listed.add(rid & U32)) {
                rids.add(new Rid(rid & U32, null));
            }
        }

        List<Master> out = new ArrayList<>();
        for (Rid r : rids) {
            String path = r.node() != null ? r.node().path() : host.path() + "/pci-rid@" + Long.toHexString(r.rid());
            if (r.node() != null) {
                consumed.add(r.node());
            }
            out.add(master(host, r, path, tuples, mask, pos));
        }
        return out;
    }

    private Master master(Node host, Rid r, String path, List<Tuple> tuples, long mask, SourcePos pos) {
        List<StreamRef> streams = new ArrayList<>();
        List<String> rejected = new ArrayList<>();
        String noIommu;
        if (tuples == null) {
            noIommu = "of_map_id fails: bad iommu-map length (-EINVAL)";
        } else {
            Mapping m = mapId(r.rid(), tuples, mask);
            Node target = m.tuple() == null ? null : masters.dt().byPhandle(m.tuple().phandle());
            Provider p = target == null ? null : masters.providerOf(target);
            if (m.failure() != null) {
                noIommu = m.failure();
            } else if (m.tuple() == null) {
                noIommu = String.format("no iommu-map translation for id 0x%x", r.rid());
                IommuCheck.MAP_NO_TRANSLATION.report(diags, pos, path, String.format(
                        "no iommu-map translation for id 0x%x (masked 0x%x) on %s: the device has no IOMMU",
                        r.rid(), r.rid() & mask, host.path()));
            } else if (target == null) {
                noIommu = String.format("iommu-map tuple %d names no node (-ENODEV)", m.tuple().index());
            } else if (p == null) {
                noIommu = "iommu-map target " + target.path() + " is not an IOMMU provider";
            } else {
                Specifiers.Site site = new Specifiers.Site(diags, pos, path);
                masters.decode(p, StreamRef.Via.IOMMU_MAP, m.tuple().index(), List.of(m.out()), r.rid(), site,
                        streams, rejected);
                noIommu = null;
            }
            if (noIommu == null) {
                noIommu = masters.noIommu(r.node() != null ? r.node() : host, streams, rejected);
            }
        }
        return Masters.master(path, r.node(), host, streams, noIommu);
    }

    /** of_map_id for one ID (C.2 step 3–4). */
    private static Mapping mapId(long id, List<Tuple> tuples, long mask) {
        long masked = id & mask;
        for (Tuple t : tuples) {
            if ((t.ridBase() & ~mask & U32) != 0) {
                return new Mapping(t, 0, "of_map_id fails: iommu-map-mask ignores rid-base (-EFAULT)");
            }
            // the kernel adds in u32: a range that wraps past 2^32 matches nothing
            long end = (t.ridBase() + t.length()) & U32;
            if (masked < t.ridBase() || masked >= end) {
                continue;
            }
            return new Mapping(t, (masked - t.ridBase() + t.iommuBase()) & U32, null);
        }
        return new Mapping(null, 0, null);
    }

    /** The tuples, or null when of_map_id rejects the length; lints every tuple once. */
    private List<Tuple> tuples(Property map, long mask, SourcePos pos, String subject) {
        int len = map.value().length();
        if (len == 0 || len % 16 != 0) {
            IommuCheck.MAP_BAD_LENGTH.report(diags, pos, subject, String.format(
                    "length %d bytes is not a whole, non-zero number of (rid-base, iommu, iommu-base, length) "
                            + "tuples: of_map_id fails (-EINVAL)", len));
            return null;
        }
        long[] c = Dt.cells(map.value());
        List<Tuple> out = new ArrayList<>();
        for (int i = 0; i + 3 < c.length; i += 4) {
            Tuple t = new Tuple(i / 4, c[i], c[i + 1], c[i + 2], c[i + 3]);
            out.add(t);
            if ((t.ridBase() & ~mask & U32) != 0) {
                IommuCheck.MAP_MASK_IGNORES_BASE.report(diags, pos, subject, String.format(
                        "tuple %d: iommu-map-mask (0x%x) ignores rid-base (0x%x): of_map_id fails (-EFAULT) "
                                + "for every id that reaches this tuple", t.index(), mask, t.ridBase()));
            }
            Node target = masters.dt().byPhandle(t.phandle());
            if (target == null) {
                IommuCheck.BAD_PHANDLE.report(diags, pos, subject, String.format(
                        "tuple %d: phandle 0x%x names no node", t.index(), t.phandle()));
            } else if (masters.providerOf(target) == null) {
                IommuCheck check = Catalogue.looksLikeIommu(target) ? IommuCheck.CELLS_MISSING : IommuCheck.NOT_A_PROVIDER;
                check.report(diags, pos, subject, String.format(check == IommuCheck.CELLS_MISSING
                        ? "tuple %d: %s has no #iommu-cells" : "tuple %d: %s is not an IOMMU", t.index(), target.path()));
            }
        }
        return out;
    }

    /**
     * PCI device nodes below a host: every child with {@code reg}, and below PCI bridges their children
     * too. RID = bus[15:8] | devfn[7:0], bits 23:8 of the {@code reg} phys.hi cell (PCI bus binding).
     */
    private static void pciDevices(Node bus, List<Rid> out) {
        for (Node c : bus.children()) {
            Property reg = c.property("reg");
            if (reg == null || reg.value().length() < 4) {
                continue;
            }
            out.add(new Rid((reg.value().cell(0) >>> 8) & 0xffffL, c));
            if (Dt.isPciBus(c)) {
                pciDevices(c, out);
            }
        }
    }
}

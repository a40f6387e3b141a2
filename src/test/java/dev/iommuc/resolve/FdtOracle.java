package dev.iommuc.resolve;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * An independent decoder of what a DTB says about IOMMU masters, for the corpus test: it walks the
 * FDT structure block itself (no DtbReader, no live tree) and decodes {@code iommus} and
 * {@code iommu-map} straight from the bytes, following the binding documents rather than the
 * resolver's code.
 */
final class FdtOracle {

    /** One decoded stream: provider node path, stream ID, SMR mask. */
    record Stream(String provider, long sid, long mask) {
    }

    private static final class FNode {
        final String path;
        final FNode parent;
        final Map<String, byte[]> props = new LinkedHashMap<>();
        final List<FNode> children = new ArrayList<>();

        FNode(String path, FNode parent) {
            this.path = path;
            this.parent = parent;
        }
    }

    /** arm-smmu (v1/v2) compatibles: the fwid packing applies to them (arm,smmu.yaml). */
    private static final Set<String> ARM_SMMU = Set.of("arm,smmu-v1", "arm,smmu-v2", "arm,mmu-400", "arm,mmu-401",
            "arm,mmu-500", "cavium,smmu-v2", "qcom,smmu-v2", "nvidia,smmu-500");

    private final List<FNode> nodes = new ArrayList<>();
    private final Map<Long, FNode> phandles = new HashMap<>();

    FdtOracle(byte[] blob) {
        ByteBuffer b = ByteBuffer.wrap(blob);
        int offStruct = b.getInt(8);
        int offStrings = b.getInt(12);
        int p = offStruct;
        List<FNode> stack = new ArrayList<>();
        while (true) {
            int tok = b.getInt(p);
            p += 4;
            if (tok == 1) {
                int e = p;
                while (blob[e] != 0) {
                    e++;
                }
                String name = new String(blob, p, e - p, StandardCharsets.ISO_8859_1);
                p = (e + 4) & ~3;
                FNode parent = stack.isEmpty() ? null : stack.get(stack.size() - 1);
                String path = parent == null ? "/" : (parent.path.equals("/") ? "/" : parent.path + "/") + name;
                FNode n = new FNode(path, parent);
                if (parent != null) {
                    parent.children.add(n);
                }
                nodes.add(n);
                stack.add(n);
            } else if (tok == 2) {
                stack.remove(stack.size() - 1);
            } else if (tok == 3) {
                int len = b.getInt(p);
                int nameOff = b.getInt(p + 4);
                p += 8;
                int e = offStrings + nameOff;
                while (blob[e] != 0) {
                    e++;
                }
                String name = new String(blob, offStrings + nameOff, e - offStrings - nameOff, StandardCharsets.ISO_8859_1);
                byte[] v = new byte[len];
                System.arraycopy(blob, p, v, 0, len);
                p = (p + len + 3) & ~3;
                stack.get(stack.size() - 1).props.put(name, v);
            } else if (tok == 9) {
                break;
            }
        }
        for (FNode n : nodes) {
            for (String name : List.of("linux,phandle", "phandle")) {
                byte[] v = n.props.get(name);
                if (v != null && v.length == 4) {
                    phandles.put(cell(v, 0), n);
                }
            }
        }
    }

    private static long cell(byte[] v, int i) {
        return ByteBuffer.wrap(v).getInt(i * 4) & 0xffffffffL;
    }

    private static Long u32(FNode n, String name) {
        byte[] v = n.props.get(name);
        return v == null || v.length < 4 ? null : cell(v, 0);
    }

    private static boolean armSmmu(FNode n) {
        byte[] v = n.props.get("compatible");
        if (v == null) {
            return false;
        }
        for (String s : new String(v, StandardCharsets.ISO_8859_1).split("\0")) {
            if (ARM_SMMU.contains(s)) {
                return true;
            }
        }
        return false;
    }

    /** A one-cell or two-cell specifier as its provider's driver reads it. */
    private static Stream decode(FNode provider, long[] args) {
        if (!armSmmu(provider)) {
            return new Stream(provider.path, args.length == 0 ? 0 : args[0], 0);
        }
        long sid = args.length == 0 ? 0 : args[0] & 0xffff;
        Long smm = u32(provider, "stream-match-mask");
        long mask = args.length >= 2 ? args[1] & 0xffff : smm == null ? 0 : smm & 0xffff;
        return new Stream(provider.path, sid, mask);
    }

    /** Master path to its streams, in DT order of the masters; an untranslated RID maps to no streams. */
    Map<String, List<Stream>> masters() {
        Map<String, List<Stream>> out = new LinkedHashMap<>();
        Set<FNode> pci = new java.util.HashSet<>();
        for (FNode n : nodes) {
            if (n.props.containsKey("iommu-map")) {
                mapHost(n, out, pci);
            }
            byte[] v = n.props.get("iommus");
            if (v == null || pci.contains(n)) {
                continue;
            }
            List<Stream> streams = new ArrayList<>();
            int count = v.length / 4;
            int i = 0;
            while (i < count) {
                FNode t = phandles.get(cell(v, i));
                Long k = t == null ? null : u32(t, "#iommu-cells");
                if (k == null || i + 1 + k > count) {
                    break;
                }
                long[] args = new long[k.intValue()];
                for (int j = 0; j < k; j++) {
                    args[j] = cell(v, i + 1 + j);
                }
                streams.add(decode(t, args));
                i += 1 + k.intValue();
            }
            out.put(n.path, streams);
        }
        return out;
    }

    /** pci-iommu.txt: RID = reg phys.hi bits 23:8 for PCI device nodes; first matching tuple wins. */
    private void mapHost(FNode host, Map<String, List<Stream>> out, Set<FNode> pci) {
        if (!"pci".equals(str(host, "device_type"))) {
            return;
        }
        byte[] map = host.props.get("iommu-map");
        Long maskProp = u32(host, "iommu-map-mask");
        long mask = maskProp == null ? 0xffffffffL : maskProp;
        List<FNode> devices = new ArrayList<>();
        collect(host, devices);
        for (FNode d : devices) {
            pci.add(d);
            long rid = (cell(d.props.get("reg"), 0) >>> 8) & 0xffff;
            long masked = rid & mask;
            List<Stream> streams = new ArrayList<>();
            if (map.length > 0 && map.length % 16 == 0) {
                for (int i = 0; i < map.length / 16; i++) {
                    long base = cell(map, 4 * i);
                    long len = cell(map, 4 * i + 3);
                    if ((base & ~mask & 0xffffffffL) != 0) {
                        break;
                    }
                    if (masked >= base && masked < ((base + len) & 0xffffffffL)) {
                        FNode t = phandles.get(cell(map, 4 * i + 1));
                        if (t != null && t.props.containsKey("#iommu-cells")) {
                            streams.add(decode(t, new long[] {(masked - base + cell(map, 4 * i + 2)) & 0xffffffffL}));
                        }
                        break;
                    }
                }
            }
            out.put(d.path, streams);
        }
    }

    private static void collect(FNode bus, List<FNode> out) {
        for (FNode c : bus.children) {
            byte[] reg = c.props.get("reg");
            if (reg != null && reg.length >= 4) {
                out.add(c);
                if ("pci".equals(str(c, "device_type"))) {
                    collect(c, out);
                }
            }
        }
    }

    private static String str(FNode n, String name) {
        byte[] v = n.props.get(name);
        return v == null || v.length == 0 ? null : new String(v, 0, v.length - 1, StandardCharsets.ISO_8859_1);
    }
}

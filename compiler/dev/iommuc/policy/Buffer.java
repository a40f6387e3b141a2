package dev.iommuc.policy;

import dev.iommuc.diag.SourcePos;

import java.util.List;

/**
 * One buffer of the workload: mapped at {@code iova} in a driver domain (by name) or in a master's
 * default domain. Addresses and sizes are unsigned 64-bit and 4K-aligned.
 *
 * @param domain  driver domain name, or null when {@code master} is set
 * @param master  selector of exactly one master node, or empty when {@code domain} is set
 * @param phys    physical address to map, or null to let the runtime allocate
 * @param process per-process table (split tables) or context (PASID) index, or null for the
 *                domain's own table
 */
public record Buffer(String domain, List<Selector> master, long iova, long size, Long phys, Integer process,
                     Prot prot, SourcePos pos) {

    public Buffer {
        master = List.copyOf(master);
    }

    /**
     * Identity for layering, ignoring positions: the target and the IOVA (and process), so a user
     * entry at the same place replaces a profile entry.
     */
    public String key() {
        StringBuilder sb = new StringBuilder(domain != null ? "domain:" + domain : "master:");
        for (Selector s : master) {
            sb.append(s.key()).append(';');
        }
        return sb.append('@').append(Long.toUnsignedString(iova, 16)).append('/').append(process).toString();
    }
}

package dev.iommuc.runtime.plan;

/** A buffer to map: into a named domain, or into a master's default domain; prot like "rw". */
public record PlanBuffer(String domain, String master, long iova, long size, String prot) {
}

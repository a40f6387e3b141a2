package dev.iommuc.runtime.exec;

/**
 * One transaction sent through an emulated IOMMU after a run, and what the hardware did with it.
 *
 * @param outcome {@code translated}, {@code bypass} or {@code fault}
 * @param pa      output address when not a fault
 * @param fault   the family's name for the fault or event (e.g. {@code translation}, {@code c_bad_streamid})
 * @param detail  which register or table entry decided, for humans
 */
public record Transaction(String outcome, long pa, String fault, String detail) {

    public boolean ok() {
        return fault == null;
    }

    /**
     * What to send: stream {@code sid} (and substream {@code ssid} where the hardware has them, else null)
     * reads or writes {@code iova} through IOMMU {@code iommu}.
     */
    public record Request(String iommu, long sid, Integer ssid, long iova, boolean write) {
    }
}

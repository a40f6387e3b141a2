package dev.iommuc.runtime.dart;

import dev.iommuc.runtime.pgtable.Errno;

/** The outcome of a driver step: OK, or the kernel's errno with the driver's message. Never thrown. */
public record DartResult(Errno errno, String message) {

    private static final DartResult OK = new DartResult(Errno.OK, "");

    public static DartResult ok() {
        return OK;
    }

    public static DartResult error(Errno errno, String message) {
        return new DartResult(errno, message);
    }

    public boolean isOk() {
        return errno == Errno.OK;
    }

    @Override
    public String toString() {
        return isOk() ? "OK" : "-" + errno + ": " + message;
    }
}

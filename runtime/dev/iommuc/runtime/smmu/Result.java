package dev.iommuc.runtime.smmu;

import dev.iommuc.runtime.pgtable.Errno;

/**
 * The outcome of a driver step: {@link Errno#OK}, or the kernel's error code with the message the
 * driver prints (or a description where it prints nothing). Errors are results, never exceptions.
 */
public record Result(Errno errno, String message) {

    private static final Result OK = new Result(Errno.OK, "");

    public static Result ok() {
        return OK;
    }

    public static Result error(Errno errno, String message) {
        return new Result(errno, message);
    }

    public boolean isOk() {
        return errno == Errno.OK;
    }

    @Override
    public String toString() {
        return isOk() ? "OK" : "-" + errno + ": " + message;
    }
}

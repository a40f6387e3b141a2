package dev.iommuc.runtime.mem;

/**
 * A {@link PhysMemory} has no free block of the requested size left. Not a programming error: page
 * tables turn it into {@code -ENOMEM}, as the kernel does when a page allocation fails.
 */
public final class OutOfPhysMemoryException extends RuntimeException {

    private final long size;

    public OutOfPhysMemoryException(long size, String message) {
        super(message);
        this.size = size;
    }

    /** The size that could not be allocated. */
    public long size() {
        return size;
    }
}

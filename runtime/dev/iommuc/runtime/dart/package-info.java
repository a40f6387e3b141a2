/**
 * Apple DART (t8103, t8103-usb4, t6000, t8110 and the later DARTs binding as t8110) as a
 * register-level emulator with the apple-dart driver running against it
 * (reference/dart-smmuv3-of.md part A). Page tables are io-pgtable-dart's
 * ({@link dev.iommuc.runtime.pgtable.DartPageTable}) in a shared
 * {@link dev.iommuc.runtime.mem.PhysMemory}.
 *
 * <p>An executor drives one boot like this: {@code DartSystem sys = new DartSystem(kernel, mem)}; for
 * each DART in plan order {@link dev.iommuc.runtime.dart.DartSystem#create} and
 * {@link dev.iommuc.runtime.dart.AppleDart#probe()}; {@link dev.iommuc.runtime.dart.DartSystem#addDevice}
 * per master (stream maps, group, default domain attached); for drivers' own domains a
 * {@link dev.iommuc.runtime.dart.DartDomain} and {@link dev.iommuc.runtime.dart.DartSystem#attach};
 * {@link dev.iommuc.runtime.dart.DartDomain#map} for the workload; then
 * {@link dev.iommuc.runtime.dart.AppleDart#translate}, {@link dev.iommuc.runtime.dart.AppleDart#handleFault()}
 * and {@link dev.iommuc.runtime.dart.AppleDart#snapshot()}.
 *
 * <p>Version choices: driver steps follow DART-6.8 (mainline) where it has them; locked DARTs, the
 * 4-level table (TCR FOUR_LEVEL), the USB4 variant and multi-word stream bitmaps follow DART-asahi;
 * the table follows PGT-asahi. MAX_DARTS_PER_DEVICE is mainline's 2.
 */
package dev.iommuc.runtime.dart;

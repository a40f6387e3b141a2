package dev.iommuc.runtime.dart;

import java.util.BitSet;

/** One entry of {@code apple_dart_master_cfg.stream_maps} / a domain's: a DART and a bitmap of its SIDs (A.3). */
final class StreamMap {

    final AppleDart dart;
    final BitSet sids = new BitSet();

    StreamMap(AppleDart dart) {
        this.dart = dart;
    }
}

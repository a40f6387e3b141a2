#!/usr/bin/env bash
# Front-end + compile benchmark over the corpus: iommuc in one JVM with 2 workers (every DTB checked
# against dtc's, every board compiled to a plan) beside the kernel's own recipe, `cpp | dtc` per
# board, also 2 at a time, on the same machine.
#   bench/corpus-bench.sh [CORPUS_DIR]     (default $IOMMUC_CORPUS or ~/.cache/iommuc/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
export IOMMUC_CORPUS=${1:-${IOMMUC_CORPUS:-$HOME/.cache/iommuc/corpus}}
C=$IOMMUC_CORPUS
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP=target/classes:target/test-classes:$(cat target/cp.txt)
now() { date +%s.%N; }

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1), load $(cut -d' ' -f1-3 /proc/loadavg)"

echo "== iommuc front end (preprocess, parse, tree + checks, DTB), one fresh JVM, -j 2, one pass"
t0=$(now)
java -cp "$CP" dev.iommuc.bench.CorpusBench --front-end -j 2 1
t1=$(now)
ours=$(echo "$t1 - $t0" | bc)
echo "   JVM wall: $ours s"

echo "== iommuc front end + compile (plans), one fresh JVM, -j 2, one pass"
t0=$(now)
java -cp "$CP" dev.iommuc.bench.CorpusBench -j 2 1 | head -1
t1=$(now)
echo "   JVM wall: $(echo "$t1 - $t0" | bc) s"

echo "== iommuc, per-phase figures once warm (third pass of one JVM; phase times summed over workers)"
java -cp "$CP" dev.iommuc.bench.CorpusBench -j 2 3 | sed -n '/^pass 3/,$p'

echo "== cpp | dtc per board (kernel recipe), 2 in parallel"
cd "$C/linux"
inc=scripts/dtc/include-prefixes
t0=$(now)
xargs -P 2 -I{} sh -c 'cpp -nostdinc -I '"$inc"' -I "$(dirname {})" -undef -D__DTS__ -x assembler-with-cpp {} 2>/dev/null |
  dtc -q -O dtb -o /dev/null -b 0 -i "$(dirname {})" -i '"$inc"' - 2>/dev/null || true' < ../arm64/boards.txt
t1=$(now)
theirs=$(echo "$t1 - $t0" | bc)
echo "   cpp | dtc: $(wc -l < ../arm64/boards.txt) boards in $theirs s wall"
echo "== ratio iommuc front end / (cpp | dtc): $(echo "scale=3; $ours / $theirs" | bc) (goal: at most 0.25)"

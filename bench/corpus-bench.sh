#!/usr/bin/env bash
# Front-end benchmark over the corpus: iommuc in one JVM with 2 workers (per-phase figures, every
# DTB checked against dtc's), beside the kernel's own recipe, `cpp | dtc` per board, also 2 at a time.
#   bench/corpus-bench.sh [CORPUS_DIR]     (default $IOMMUC_CORPUS or ~/.cache/iommuc/corpus)
set -euo pipefail
cd "$(dirname "$0")/.."
export IOMMUC_CORPUS=${1:-${IOMMUC_CORPUS:-$HOME/.cache/iommuc/corpus}}
C=$IOMMUC_CORPUS
mvn -B -q test-compile
mvn -B -q dependency:build-classpath -Dmdep.outputFile=target/cp.txt >/dev/null
CP=target/classes:target/test-classes:$(cat target/cp.txt)

echo "== machine: $(nproc) cores, $(java -version 2>&1 | head -1)"
echo "== iommuc front end (one JVM, -j 2, 2 passes; times per phase are summed over workers)"
/usr/bin/time -f "   JVM total: %e s wall, %M KB max RSS" java -cp "$CP" dev.iommuc.bench.CorpusBench -j 2 2

echo "== cpp | dtc per board (kernel recipe), 2 in parallel"
cd "$C/linux"
inc=scripts/dtc/include-prefixes
start=$(date +%s.%N)
xargs -P 2 -I{} sh -c 'cpp -nostdinc -I '"$inc"' -I "$(dirname {})" -undef -D__DTS__ -x assembler-with-cpp {} 2>/dev/null |
  dtc -q -O dtb -o /dev/null -b 0 -i "$(dirname {})" -i '"$inc"' - 2>/dev/null || true' < ../arm64/boards.txt
end=$(date +%s.%N)
echo "   cpp | dtc: $(wc -l < ../arm64/boards.txt) boards in $(echo "$end - $start" | bc) s wall"

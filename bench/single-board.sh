#!/bin/bash
# Single-board wall time and peak memory (issue 7, acceptance 2): the largest corpus board through
# `cpp | dtc` (the kernel's recipe) and through `iommuc report` — plain `java -jar`, and bin/iommuc
# (AppCDS archive + C1 only). Five runs each; prints every run and the median.
# Needs the corpus (bash ../shared/corpus/kernel-dts.sh) and the jar (mvn -B -q package -DskipTests).
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
corpus=${IOMMUC_CORPUS:-$HOME/.cache/iommuc/corpus}
linux=$corpus/linux
inc=$linux/scripts/dtc/include-prefixes
# the largest board by preprocessed size
big=$(ls -S "$corpus"/arm64/*.pre.dts | awk "NR == 1")
name=$(basename "$big" .pre.dts)
src=$linux/arch/arm64/boot/dts/$(echo "$name" | sed "s|__|/|g").dts
runs=${RUNS:-5}
echo "board: $src ($(stat -c %s "$big") bytes preprocessed); load: $(cut -d' ' -f1-3 /proc/loadavg)"

measure() {   # label, command...
    local label=$1; shift
    local t; t=$(mktemp)
    for _ in $(seq "$runs"); do
        /usr/bin/time -o "$t" -a -f '%e %M' "$@" >/dev/null 2>&1 || true
    done
    sort -n "$t" | awk -v l="$label" '{t[NR]=$1; m[NR]=$2; print "  " l ": " $1 " s, " $2 " KB"}
        END {print l " median: " t[int((NR+1)/2)] " s, " m[int((NR+1)/2)] " KB peak RSS"}'
    rm -f "$t"
}

measure "cpp | dtc" bash -c "cpp -nostdinc -I $inc -I $(dirname "$src") -undef -D__DTS__ -x assembler-with-cpp $src \
    | dtc -q -O dtb -o /dev/null -b 0 -i $(dirname "$src") -i $inc -"
measure "iommuc report (java -jar)" java -jar "$here/target/iommuc.jar" report "$src" -I "$inc" -o /dev/null
"$here/bin/iommuc" report "$src" -I "$inc" -o /dev/null >/dev/null 2>&1 || true   # makes the CDS archive
measure "iommuc report (bin/iommuc: AppCDS + C1)" "$here/bin/iommuc" report "$src" -I "$inc" -o /dev/null

#!/bin/bash
# Single-board wall time and peak memory (issue 7, acceptance 2): the largest corpus board through
# `cpp | dtc` (the kernel's recipe) and through `iommuc report` — plain `java -jar`, and bin/iommuc
# (AppCDS archive + C1 only). The three alternate, RUNS rounds (default 9), so a change in the
# machine's speed hits all of them alike; wall times are taken in milliseconds (date +%s%N) and peak
# RSS from /usr/bin/time. Prints every round, the medians and the ratio of the medians.
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
runs=${RUNS:-9}
echo "board: $src ($(stat -c %s "$big") bytes preprocessed); load: $(cut -d' ' -f1-3 /proc/loadavg)"
"$here/bin/iommuc" report "$src" -I "$inc" -o /dev/null >/dev/null 2>&1 || true   # makes the CDS archive

dtc_cmd=(bash -c "cpp -nostdinc -I $inc -I $(dirname "$src") -undef -D__DTS__ -x assembler-with-cpp $src \
    | dtc -q -O dtb -o /dev/null -b 0 -i $(dirname "$src") -i $inc -")
jar_cmd=(java -jar "$here/target/iommuc.jar" report "$src" -I "$inc" -o /dev/null)
bin_cmd=("$here/bin/iommuc" report "$src" -I "$inc" -o /dev/null)

one() {   # prints "milliseconds KB" for one run of the command
    local t0 t1 m
    m=$(mktemp)
    t0=$(date +%s%N)
    /usr/bin/time -o "$m" -f '%M' "$@" >/dev/null 2>&1 || true
    t1=$(date +%s%N)
    echo "$(( (t1 - t0) / 1000000 )) $(tail -1 "$m")"
    rm -f "$m"
}

declare -a dtc jar bin
for r in $(seq "$runs"); do
    d=$(one "${dtc_cmd[@]}"); j=$(one "${jar_cmd[@]}"); b=$(one "${bin_cmd[@]}")
    dtc+=("$d"); jar+=("$j"); bin+=("$b")
    echo "  round $r: cpp | dtc ${d% *} ms; java -jar ${j% *} ms; bin/iommuc ${b% *} ms"
done
median() {   # "ms KB" pairs → "ms KB" of the median time
    printf '%s\n' "$@" | sort -n | awk '{a[NR]=$0} END {print a[int((NR+1)/2)]}'
}
md=$(median "${dtc[@]}"); mj=$(median "${jar[@]}"); mb=$(median "${bin[@]}")
echo "cpp | dtc median: ${md% *} ms, ${md#* } KB peak RSS"
echo "iommuc report (java -jar) median: ${mj% *} ms, ${mj#* } KB peak RSS"
echo "iommuc report (bin/iommuc: AppCDS + C1) median: ${mb% *} ms, ${mb#* } KB peak RSS"
echo "== ratio to cpp | dtc: java -jar $(echo "scale=1; ${mj% *} / ${md% *}" | bc), bin/iommuc $(echo "scale=1; ${mb% *} / ${md% *}" | bc) (goal: at most 5)"

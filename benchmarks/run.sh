#!/usr/bin/env bash
# Builds the benchmarks and runs them in ONE JMH run, writing a Markdown report.
#
#   benchmarks/run.sh            full run (~8 min on 2 cores): -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc
#   benchmarks/run.sh --smoke    quick run of a representative subset (< 3 min), for CI
#   benchmarks/run.sh --no-build ...   reuse benchmarks/target/benchmarks.jar
#   benchmarks/run.sh --only='DecoratorBench\.timed' ...   run only benchmarks matching a regex
#   (SchedulerBench, the @Batched scheduler harness, runs after JMH unless --only leaves it out)
#
# Other arguments are passed to JMH as they are (e.g. -p processor=none, or -f 2, which replaces
# the mode's -f 1). The report goes to
# benchmarks/target/report.md (BENCHMARKS.md quotes the full run's). Exits non-zero if the build
# or any benchmark fails.
set -euo pipefail
cd "$(dirname "$0")/.."

mode=full
only=
build=1
extra=()
for arg in "$@"; do
  case "$arg" in
    --smoke) mode=smoke ;;
    --no-build) build=0 ;;
    --only=*) only="${arg#--only=}" ;;
    *) extra+=("$arg") ;;
  esac
done

if [[ $build == 1 ]]; then
  mvn -B -q -pl benchmarks -am package -DskipTests
fi
jar=benchmarks/target/benchmarks.jar
report=benchmarks/target/report.md

if [[ $mode == smoke ]]; then
  # One benchmark per kind: baseline, each decorator in each mode, a hand-written and a peer
  # line, a digest, contention and the compile cost.
  pattern='DecoratorBench\.(direct|(timed|retry|cachedInt|noGrad)_(engine|generated|woven)|timed_hand|cachedInt_springCacheable)$|ContentDigestBench\.digest_(decor|md5)$|ContendedCacheBench\.contended_(generated|woven)$|CompileCostBench'
  opts=(-f 1 -wi 1 -i 1 -w 200ms -r 200ms -p classes=60)
else
  # SharedTierBench starts a Hazelcast member and reports percentiles: run on its own (its Javadoc).
  pattern='dev\.decor\.benchmarks\.(?!SharedTierBench)'
  opts=(-f 1 -wi 3 -i 5 -w 1s -r 1s)
fi
if [[ -n $only ]]; then
  pattern="$only"
fi
# An option given on the command line (e.g. -f 2) replaces the mode's: JMH takes each once.
kept=()
for ((i = 0; i < ${#opts[@]}; i += 2)); do
  replaced=0
  for given in "${extra[@]}"; do
    [[ $given == "${opts[i]}" ]] && replaced=1
  done
  [[ $replaced == 1 ]] || kept+=("${opts[i]}" "${opts[i + 1]}")
done
opts=("${kept[@]}")

echo "load before: $(uptime)"
java -cp "$jar" dev.decor.benchmarks.Main --report "$report" \
  "${opts[@]}" -prof gc -rf json -rff benchmarks/target/results.json "${extra[@]}" "$pattern"
# The @Batched scheduler on a stand-in accelerator: a timed harness of its own, not JMH, appended
# to the report (smoke: 1, 32 and 256 callers for a second each).
if [[ -z $only || "SchedulerBench" =~ $only ]]; then
  scheduler_args=(--report "$report")
  [[ $mode == smoke ]] && scheduler_args+=(--smoke)
  java -cp "$jar" dev.decor.benchmarks.SchedulerBench "${scheduler_args[@]}"
fi
echo "load after: $(uptime)"

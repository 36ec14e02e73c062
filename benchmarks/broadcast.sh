#!/usr/bin/env bash
# Runs the broadcast benchmark (dev.whisker.bench.BroadcastBenchmark, JMH) from the test classes.
# Usage: benchmarks/broadcast.sh [extra JMH options, e.g. -p clients=100 -i 3]
# Results: the JMH summary on stdout and the JSON file named by BENCH_RESULT
# (default target/bench/broadcast.json).
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p target/bench
mvn -q -o test-compile -Dinvoker.skip=true
mvn -q -o dependency:build-classpath \
    -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
classpath="target/test-classes:target/classes:$(cat target/bench/test.classpath)"
exec java -cp "$classpath" org.openjdk.jmh.Main 'dev\.whisker\.bench\.(BroadcastBenchmark|PatchEncodeBenchmark)' \
    -rf json -rff "${BENCH_RESULT:-target/bench/broadcast.json}" "$@"

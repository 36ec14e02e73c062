#!/usr/bin/env bash
# Times each step of the patch pipeline (dev.whisker.bench.PatchPipelineBench) on a project that
# benchmarks/save-to-applied has run the goal on, so that its fat build and capture exist.
# Usage: benchmarks/pipeline.sh target/bench/generated marker-start [EDITS [WARMUP]]
set -euo pipefail
cd "$(dirname "$0")/.."

mkdir -p target/bench
mvn -q -o test-compile -Dinvoker.skip=true
mvn -q -o dependency:build-classpath -Dmdep.includeScope=test -Dmdep.outputFile=target/bench/test.classpath
classpath="target/test-classes:target/classes:$(cat target/bench/test.classpath)"
exec java -cp "$classpath" dev.whisker.bench.PatchPipelineBench "$@"

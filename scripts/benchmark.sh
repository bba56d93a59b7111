#!/usr/bin/env bash
# Times the harbor-jib CLI against `mvn jib:build` (jib-maven-plugin 3.5.2) on the sample app, in one run, against
# the same local registry and base image: cold push, re-push with no change, one class changed. Prints medians and
# ratios. Usage: scripts/benchmark.sh [runs]   (default 5). Wait for an idle machine: it compares, but noise hurts.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in docker-registry skopeo; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: sudo apt-get install -y --no-install-recommends docker-registry skopeo" >&2; exit 2; }
done
mvn -B -q -DskipTests package
# jib-maven-plugin resolves the sample's dependencies from the local Maven repository, the SNAPSHOT library included.
mvn -B -q -f samples/hello-lib/pom.xml install -Dmaven.install.skip=false
exec java -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.jenkins.plugins.harborjib.demo.Benchmark "$@"

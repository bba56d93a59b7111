#!/usr/bin/env bash
# Times the harbor-jib CLI against `mvn jib:build` (jib-maven-plugin 3.5.2) and a bare jib-core pusher (the floor),
# in one run, against the same local registry and base image, on the sample app and on a Spring Boot jar of about
# 60 MB (samples/spring-app): cold push, re-push with no change, one class changed, one dependency upgraded, and a
# Kubernetes pod agent (empty cache, base layers in the registry). Prints medians, bytes sent, peak memory and the
# ratios. Usage: scripts/benchmark.sh [runs]   (default 5). Wait for an idle machine: it compares, but noise hurts.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in docker-registry skopeo; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: sudo apt-get install -y --no-install-recommends docker-registry skopeo" >&2; exit 2; }
done
mvn -B -q -DskipTests package
# The Spring Boot app (dependencies from Maven Central, or the local repository when warm), and the same app with
# one dependency upgraded.
upgrade=caffeine.version=3.2.3
mvn -B -q -f samples/spring-app/pom.xml package
mvn -B -q -f samples/spring-app/pom.xml package "-D$upgrade" "-Dapp.build.dir=$PWD/samples/spring-app/target/upgrade"
exec java "-Dbenchmark.upgrade=$upgrade" -cp "demo/target/classes:$(cat demo/target/classpath.txt)" \
  io.jenkins.plugins.harborjib.demo.Benchmark "$@"

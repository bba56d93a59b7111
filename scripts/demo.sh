#!/usr/bin/env bash
# The main job end to end on this machine: a local registry (HTTPS, private CA, basic auth), a Java base image in
# it, the bundled sample app built by Maven and pushed with the harbor-jib CLI, the digest checked with skopeo.
set -euo pipefail
cd "$(dirname "$0")/.."
for tool in docker-registry skopeo; do
  command -v "$tool" >/dev/null || {
    echo "$tool is missing: sudo apt-get install -y --no-install-recommends docker-registry skopeo" >&2; exit 2; }
done
mvn -B -q -DskipTests package
exec java -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.jenkins.plugins.harborjib.demo.Demo

#!/usr/bin/env bash
# The main job end to end on this machine: a local registry (HTTPS, private CA, basic auth), a Java base image in
# it, the bundled sample app built by Maven and pushed with the harbor-jib CLI, the digest checked with skopeo.
# The registry and skopeo are installed first when they are missing, as .ci/run does (as root; otherwise it prints
# the one command to run and exits 2).
set -euo pipefail
cd "$(dirname "$0")/.."
install="apt-get update && apt-get install -y --no-install-recommends docker-registry skopeo"
missing=()
for tool in docker-registry skopeo; do
  command -v "$tool" >/dev/null || missing+=("$tool")
done
if [ "${#missing[@]}" -gt 0 ]; then
  if [ "$(id -u)" != 0 ]; then
    echo "${missing[*]} missing. Install as root, then run scripts/demo.sh again:" >&2
    echo "  sudo sh -c '$install'" >&2
    exit 2
  fi
  echo "Installing ${missing[*]}: $install" >&2
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends docker-registry skopeo >/dev/null
fi
mvn -B -q -DskipTests package
exec java -cp "demo/target/classes:$(cat demo/target/classpath.txt)" io.jenkins.plugins.harborjib.demo.Demo

#!/usr/bin/env bash
# Runs the plugin module's own tests (plugin/src/test) against a real Jenkins compiled from source, with
# ../shared/tools/jenkins-run, for machines that cannot reach Jenkins' Maven repository. Where that repository is
# reachable, `mvn -B -Pplugin verify` runs the same test sources the usual way.
#
# Usage: scripts/plugin-tests.sh [JUNIT_LAUNCHER_ARGS...]   e.g. --select-class io.jenkins.plugins.harborjib.PipelinePushTest
# (default: every test class); tests tagged not-on-jenkins-run are always left out.
# Environment: JENKINS_RUN (default ../shared/tools/jenkins-run), WORK (jenkins-run's scratch folder).
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
JENKINS_RUN=${JENKINS_RUN:-$ROOT/../shared/tools/jenkins-run}
if [ ! -x "$JENKINS_RUN" ]; then
  echo "plugin-tests: $JENKINS_RUN not found; set JENKINS_RUN to the jenkins-run tool" >&2
  exit 2
fi

# The plugin's sibling modules and their third-party jars, and the sample apps the pushes build images of (never
# `mvn install`: nothing leaves target/).
mvn -B -q package -DskipTests -pl samples/hello-lib,samples/hello-app,samples/hello-war,testkit,engine,protocol,cli,bridge -am \
  dependency:build-classpath -Dmdep.outputFile=target/runtime-classpath.txt -Dmdep.includeScope=runtime

# The engine jar the plugin carries to agents, where EngineJar looks for it on the class path.
RES=$ROOT/plugin/target/jenkins-run-resources
mkdir -p "$RES/io/jenkins/plugins/harborjib"
cp cli/target/harbor-jib-cli-*-all.jar "$RES/io/jenkins/plugins/harborjib/harbor-jib-engine.jar"

CP=$RES
for m in engine protocol bridge testkit; do CP=$CP:$ROOT/$m/target/classes; done
for m in testkit bridge; do CP=$CP:$(cat "$m/target/runtime-classpath.txt"); done

"$JENKINS_RUN" setup
# Tests tagged not-on-jenkins-run need what this runtime lacks (README.md, "Run the tests", lists each with its
# reason); `mvn -B -Pplugin verify` runs them.
if [ $# -eq 0 ]; then
  set -- --select-package io.jenkins.plugins.harborjib
fi
CLASSPATH_EXTRA=$CP "$JENKINS_RUN" test "$ROOT/plugin" "$@" --exclude-tag not-on-jenkins-run

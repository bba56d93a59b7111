/**
 * {@code harbor-jib}, the engine's process face: {@code push} with flags for people ({@link
 * io.jenkins.plugins.harborjib.cli.PushCommand}, {@link io.jenkins.plugins.harborjib.cli.HumanReporter}), or with
 * {@code --protocol json} for programs ({@link io.jenkins.plugins.harborjib.cli.JsonReporter} and the {@code
 * protocol} package). {@link io.jenkins.plugins.harborjib.cli.Main} is the jar's entry point; docs/cli.md and
 * docs/cli-protocol.md describe both faces.
 */
package io.jenkins.plugins.harborjib.cli;

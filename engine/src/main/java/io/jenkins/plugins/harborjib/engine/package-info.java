/**
 * harbor-jib's engine: builds a container image from a Maven build's output with jib-core and pushes it to a
 * registry, typically a Harbor project. Jenkins-free; the CLI and the Jenkins plugin are thin faces on it.
 *
 * <p>Start at {@link io.jenkins.plugins.harborjib.engine.HarborJib#push}: a {@link
 * io.jenkins.plugins.harborjib.engine.PushRequest} in, {@link io.jenkins.plugins.harborjib.engine.PushEvent}s
 * while it works, a {@link io.jenkins.plugins.harborjib.engine.PushResult} or a {@link
 * io.jenkins.plugins.harborjib.engine.PushException} out. The engine never prints.
 */
package io.jenkins.plugins.harborjib.engine;

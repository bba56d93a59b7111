/**
 * Turns a Maven build's output ({@link io.jenkins.plugins.harborjib.engine.BuildOutput}) into an {@link
 * io.jenkins.plugins.harborjib.engine.input.ApplicationPlan}: named layers of files and the command that starts
 * the application. Internal to the engine; no network.
 */
package io.jenkins.plugins.harborjib.engine.input;

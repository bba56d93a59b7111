/**
 * The Jenkins-free half of the harbor-jib plugin, tested without Jenkins.
 *
 * <ul>
 *   <li>Controller side: {@link io.jenkins.plugins.harborjib.bridge.ImageSettings} (the step's configuration as a
 *       plain value), {@link io.jenkins.plugins.harborjib.bridge.ServerSettings} (one configured Harbor server),
 *       {@link io.jenkins.plugins.harborjib.bridge.SettingsCheck} (form validation that says what the engine would),
 *       {@link io.jenkins.plugins.harborjib.bridge.RequestFactory} (settings to the engine's JSON request) and
 *       {@link io.jenkins.plugins.harborjib.bridge.PushOutcome} (the engine's last line to the step's result).
 *   <li>Agent side: {@link io.jenkins.plugins.harborjib.bridge.agent.EngineJarCache} and
 *       {@link io.jenkins.plugins.harborjib.bridge.agent.EngineProcess}.
 *   <li>Both: {@link io.jenkins.plugins.harborjib.bridge.log.EventFormatter}, the build-log lines.
 * </ul>
 *
 * Nothing here loads Jib: the controller runs this code with only the engine's value types, its Harbor client, the
 * CLI's protocol types and Jackson on the class path.
 */
package io.jenkins.plugins.harborjib.bridge;

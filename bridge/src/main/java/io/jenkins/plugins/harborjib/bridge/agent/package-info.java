/**
 * The agent's side of the hand-off (DESIGN.md): the engine jar cached once per version per agent
 * ({@link io.jenkins.plugins.harborjib.bridge.agent.EngineJarCache}) and the engine started as a child of the agent's
 * JVM with the request on its standard input ({@link io.jenkins.plugins.harborjib.bridge.agent.EngineProcess}).
 * The Jenkins plugin's remoting callables only wrap these classes.
 */
package io.jenkins.plugins.harborjib.bridge.agent;

/**
 * The JSON protocol between a program and {@code harbor-jib push --protocol json}, both ways, with no picocli and
 * no Jenkins in sight, so the Jenkins plugin reuses these types to write requests and read events and results.
 *
 * <ul>
 *   <li>{@link io.jenkins.plugins.harborjib.protocol.RequestJson}: the request object on standard input, to and
 *       from {@link io.jenkins.plugins.harborjib.protocol.ProtocolRequest} (the engine's
 *       {@link io.jenkins.plugins.harborjib.engine.PushRequest} plus verbosity and proxy credentials);
 *   <li>{@link io.jenkins.plugins.harborjib.protocol.LineJson}: the JSON lines on standard output, to and from
 *       {@link io.jenkins.plugins.harborjib.protocol.ProtocolLine} (events, then one result or error);
 *   <li>{@link io.jenkins.plugins.harborjib.protocol.ExitCode}: the exit status per
 *       {@link io.jenkins.plugins.harborjib.engine.ErrorKind}.
 * </ul>
 *
 * The full description, with examples, is {@code docs/cli-protocol.md}.
 */
package io.jenkins.plugins.harborjib.protocol;

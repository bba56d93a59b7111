/**
 * Harbor awareness: a small client for Harbor's REST API ({@code /api/v2.0}), the checks made before a push
 * ({@link io.jenkins.plugins.harborjib.engine.harbor.HarborPreflight}), the confirmation after it
 * ({@link io.jenkins.plugins.harborjib.engine.harbor.HarborArtifactCheck}) and the vulnerability gate
 * ({@link io.jenkins.plugins.harborjib.engine.harbor.VulnerabilityGate}).
 *
 * <p>One package-private class per REST call, each knowing its method, path, accepted statuses, how to read the answer
 * and how to word its failure (the shape of Jib's {@code RegistryEndpointProvider}); {@link
 * io.jenkins.plugins.harborjib.engine.harbor.HarborClient} is the public face. Failures are {@link
 * io.jenkins.plugins.harborjib.engine.harbor.HarborException}s whose message names the server, the project, the
 * identity (never its secret) and what to do.
 */
package io.jenkins.plugins.harborjib.engine.harbor;

/**
 * harbor-jib's test kit: real parts for tests, never mocks. {@link io.jenkins.plugins.harborjib.testkit.TestRegistry}
 * runs the CNCF distribution registry on a free loopback port (plain HTTP, HTTPS with a {@link
 * io.jenkins.plugins.harborjib.testkit.TestCa}, basic or token auth); {@link io.jenkins.plugins.harborjib.testkit.Skopeo}
 * reads back what a push left there; {@link io.jenkins.plugins.harborjib.testkit.BaseImageFixture} pushes a small
 * Java runtime base image; {@link io.jenkins.plugins.harborjib.testkit.ImageRunner} runs an image in a chroot;
 * {@link io.jenkins.plugins.harborjib.testkit.RequiredTools} skips (or, under {@code CI=true}, fails) a test whose
 * tools are missing; {@link io.jenkins.plugins.harborjib.testkit.Samples} finds the built sample apps.
 */
package io.jenkins.plugins.harborjib.testkit;

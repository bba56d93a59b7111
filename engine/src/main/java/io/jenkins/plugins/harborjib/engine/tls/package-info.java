/**
 * TLS trust for one client at a time, built from {@link io.jenkins.plugins.harborjib.engine.TlsSettings}: the JVM's
 * default CAs plus extra PEM certificates, or trust-all for {@code insecure}. Never changes JVM-wide state.
 */
package io.jenkins.plugins.harborjib.engine.tls;

/**
 * A small client of the OCI distribution API for what Jib does not tell us quickly: whether a registry can be
 * reached and trusted, whether the credentials work, whether the base image exists, and what was pushed.
 * Every client has its own {@code SSLContext}; nothing here changes JVM-wide state. Internal to the engine.
 */
package io.jenkins.plugins.harborjib.engine.registry;

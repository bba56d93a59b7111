/**
 * Fault injection on loopback: {@link io.jenkins.plugins.harborjib.testkit.fault.FaultProxy}, a small HTTP/1.1 proxy
 * in front of the test registry or the Harbor stand-in whose {@link io.jenkins.plugins.harborjib.testkit.fault.FaultRule}s
 * delay, answer 5xx, cut, reset or hang chosen requests, and which records every request for assertions.
 */
package io.jenkins.plugins.harborjib.testkit.fault;

/** How a push runs: validation, the registry checks, Jib, and the result. Internal to the engine. */
package io.jenkins.plugins.harborjib.engine.push;

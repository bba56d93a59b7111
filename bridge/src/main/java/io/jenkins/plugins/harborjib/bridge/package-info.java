/** The Jenkins-free half of the harbor-jib plugin. */
package io.jenkins.plugins.harborjib.bridge;

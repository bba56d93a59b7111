/** The README's end-to-end demo and the benchmark against jib-maven-plugin. Not shipped. */
package io.jenkins.plugins.harborjib.demo;

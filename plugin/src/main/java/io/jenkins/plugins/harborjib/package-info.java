/**
 * The Jenkins plugin: Harbor servers in the global configuration ({@link
 * io.jenkins.plugins.harborjib.HarborGlobalConfiguration}), one push configuration ({@link
 * io.jenkins.plugins.harborjib.HarborPushSettings}) shared by the {@code harborPush} Pipeline step ({@link
 * io.jenkins.plugins.harborjib.HarborPushStep}) and the freestyle build step ({@link
 * io.jenkins.plugins.harborjib.HarborPushBuilder}), one code path for both ({@link
 * io.jenkins.plugins.harborjib.HarborPusher}) and the build page action ({@link
 * io.jenkins.plugins.harborjib.HarborPushAction}). These classes bind, check permissions, look up credentials and
 * delegate; the work is in the Jenkins-free bridge (package io.jenkins.plugins.harborjib.bridge, in the CLI module).
 */
@DefaultAnnotation(NonNull.class)
package io.jenkins.plugins.harborjib;

import edu.umd.cs.findbugs.annotations.DefaultAnnotation;
import edu.umd.cs.findbugs.annotations.NonNull;

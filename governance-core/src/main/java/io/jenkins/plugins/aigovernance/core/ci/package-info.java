/**
 * What a CI system tells the engine through environment variables: the source branch of the change
 * ({@link io.jenkins.plugins.aigovernance.core.ci.CiEnvironment#sourceBranch()}). Front ends hand the variables over as an
 * immutable map; nothing in the engine reads the process environment.
 */
package io.jenkins.plugins.aigovernance.core.ci;

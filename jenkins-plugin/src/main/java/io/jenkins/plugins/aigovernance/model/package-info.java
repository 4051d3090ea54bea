/** Run and project actions, build summaries and REST data that render the engine's records on Jenkins pages. */
package io.jenkins.plugins.aigovernance.model;

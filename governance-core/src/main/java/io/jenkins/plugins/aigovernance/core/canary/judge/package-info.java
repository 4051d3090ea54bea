/**
 * The statistical canary judge: canary against baseline metric by metric (Mann-Whitney U test, tolerance),
 * classified and scored as Kayenta does.
 */
package io.jenkins.plugins.aigovernance.core.canary.judge;

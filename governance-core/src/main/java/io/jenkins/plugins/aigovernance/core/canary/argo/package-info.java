/**
 * Argo Rollouts {@code AnalysisTemplate} and {@code ClusterAnalysisTemplate} documents read as canary plans, with
 * Go duration syntax.
 */
package io.jenkins.plugins.aigovernance.core.canary.argo;

/** Replaying a policy over a repository's history: {@link io.jenkins.plugins.aigovernance.core.backtest.PolicyBacktest}. */
package io.jenkins.plugins.aigovernance.core.backtest;

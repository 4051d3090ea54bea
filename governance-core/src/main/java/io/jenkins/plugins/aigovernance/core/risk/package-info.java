/**
 * The risk gate: tier, 0-100 blast radius and the reasons behind them, from the change, its dependents in the
 * resource and service graphs, and the policy's rules.
 */
package io.jenkins.plugins.aigovernance.core.risk;

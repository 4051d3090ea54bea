/**
 * The scope gate: autonomy levels, scope rules, enforcement levels and overrides, with an optional Open Policy
 * Agent decision.
 */
package io.jenkins.plugins.aigovernance.core.scope;

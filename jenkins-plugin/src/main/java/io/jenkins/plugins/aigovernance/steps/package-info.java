/**
 * The Pipeline steps ({@code aiRiskScore}, {@code aiScopeCheck}, {@code aiApprovalGate}, {@code aiCanaryVerify}):
 * configuration plus a short execution that calls the engine.
 */
package io.jenkins.plugins.aigovernance.steps;

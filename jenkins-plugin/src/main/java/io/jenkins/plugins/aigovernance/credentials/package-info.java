/**
 * Plan/apply credential binding for {@code withAiCredentials}, masking of bound secrets in the console and on
 * failure, and the OIDC issuer endpoints that let clouds trust apply tokens.
 */
package io.jenkins.plugins.aigovernance.credentials;

/**
 * Global configuration (JCasC), the job property (Job DSL) and the credential list boxes the steps read their
 * settings from.
 */
package io.jenkins.plugins.aigovernance.config;

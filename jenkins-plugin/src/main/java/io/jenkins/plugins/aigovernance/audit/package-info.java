/** The controller's tamper-evident audit log: one engine AuditLog per file, kept open while Jenkins runs. */
package io.jenkins.plugins.aigovernance.audit;

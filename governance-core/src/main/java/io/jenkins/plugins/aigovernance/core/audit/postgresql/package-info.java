/** The PostgreSQL audit store: hash-chained appends, verification, filters and migration from the file log. */
package io.jenkins.plugins.aigovernance.core.audit.postgresql;

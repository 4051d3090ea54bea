/**
 * The plugin's one door to governance-core: maps runs, workspaces, users and credentials to engine inputs and
 * hands engine results back as records.
 */
package io.jenkins.plugins.aigovernance.engine;

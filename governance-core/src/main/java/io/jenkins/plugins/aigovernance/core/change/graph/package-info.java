/**
 * The resource dependency graph of a change: typed edges from Terraform configuration references, state values and
 * modules, and Kubernetes selectors and references.
 */
package io.jenkins.plugins.aigovernance.core.change.graph;

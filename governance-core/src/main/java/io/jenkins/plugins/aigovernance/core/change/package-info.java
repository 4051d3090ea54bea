/**
 * The immutable model of a change (changed files, resource changes, commits, input digests, the fingerprint) and
 * its readers: git via JGit, Terraform plan JSON, Kubernetes manifests, IAM documents, CloudFormation templates.
 */
package io.jenkins.plugins.aigovernance.core.change;

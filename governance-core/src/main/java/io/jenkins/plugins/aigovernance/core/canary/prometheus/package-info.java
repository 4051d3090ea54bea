/**
 * The Prometheus metric provider of canary analysis: queries over HTTP with timeouts and bearer-token
 * authentication.
 */
package io.jenkins.plugins.aigovernance.core.canary.prometheus;

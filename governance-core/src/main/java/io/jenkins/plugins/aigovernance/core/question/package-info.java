/**
 * How the answer to a blocking question (an {@code input} result: map, bare value or none) becomes a decision;
 * never a default choice.
 */
package io.jenkins.plugins.aigovernance.core.question;

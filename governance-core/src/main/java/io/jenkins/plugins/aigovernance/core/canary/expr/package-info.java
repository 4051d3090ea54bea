/** The canary condition language (and Argo's expr spelling): lexer, a parser that reports type errors with their column, and the evaluator. */
package io.jenkins.plugins.aigovernance.core.canary.expr;

/**
 * The {@code aigov} command line: picocli subcommands that read options and files, call the engine's front door
 * and print its report or JSON document with a documented exit code.
 */
package io.jenkins.plugins.aigovernance.cli;

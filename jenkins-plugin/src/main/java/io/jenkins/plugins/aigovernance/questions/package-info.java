/**
 * The blocking-question component: asks people through the standard Pipeline {@code input}, hands
 * every answer to the engine, records the answers that do not count, asks again, expires, saves its
 * state after each answer and registers its pending input again after a controller restart.
 */
package io.jenkins.plugins.aigovernance.questions;

/**
 * Benchmarks. Each area has its own package ({@code offline}, {@code materialize}, {@code quality},
 * {@code server}) with a main program that measures Kairos and, in the same run, a baseline, and
 * prints the ratio; {@code bin/*.sh} runs them and {@code results/*.md} keeps the latest output.
 */
package dev.kairos.bench;

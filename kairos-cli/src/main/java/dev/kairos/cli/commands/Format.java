package dev.kairos.cli.commands;

/** Output formats of listing commands. */
enum Format {
  text,
  json
}

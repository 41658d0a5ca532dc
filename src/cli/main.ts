#!/usr/bin/env node
/** The `iterable-destination` command line. */
process.stderr.write('usage: iterable-destination <transform|send|emulator|serve|demo> [options]\n');
process.exitCode = 2;

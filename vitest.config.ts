import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/helpers/build.ts'],
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // vitest's default is one file at a time below 3 cores (cores - 1). Most of the suite's time
    // is spent waiting on the CLI processes it starts, so two files at once pay even on two
    // cores: 195 -> 152 s of wall time here with another job running beside it.
    maxWorkers: Math.max(2, availableParallelism() - 1),
  },
});

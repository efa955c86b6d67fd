// Colour only where a person reads it: on a TTY, never with a non-empty NO_COLOR, always
// with FORCE_COLOR (chalk alone ignores NO_COLOR: docs/architecture.md#libraries).
import { Chalk, type ChalkInstance } from 'chalk';

export function colourFor(stream: { isTTY?: boolean }, env: NodeJS.ProcessEnv = process.env): ChalkInstance {
  if (env.NO_COLOR) return new Chalk({ level: 0 });
  const force = env.FORCE_COLOR || undefined; // an empty FORCE_COLOR is unset
  if (force !== undefined && force !== '0' && force !== 'false') {
    const n = Number(force);
    return new Chalk({ level: n >= 1 && n <= 3 ? (n as 1 | 2 | 3) : 1 });
  }
  if (force === '0' || force === 'false') return new Chalk({ level: 0 });
  return new Chalk({ level: stream.isTTY ? 1 : 0 });
}

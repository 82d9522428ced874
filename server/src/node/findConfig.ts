/** Finds `.netpol-lint.yaml`: in a folder or the nearest folder above it. */
import { lstatSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CONFIG_FILE_NAME } from '../core/index';

/**
 * The nearest `.netpol-lint.yaml` by name (lstat: a symbolic link counts even when it leads
 * nowhere, so that a broken one is reported rather than passed over for a folder further up).
 */
export function findConfigFile(from: string): string | undefined {
  for (let dir = resolve(from); ; dir = dirname(dir)) {
    const candidate = join(dir, CONFIG_FILE_NAME);
    if (lstatSync(candidate, { throwIfNoEntry: false })) return candidate;
    if (dirname(dir) === dir) return undefined;
  }
}

/** The CLI's configuration: `--config FILE`, else `.netpol-lint.yaml` found walking up from the working directory. */
import { lstatSync, realpathSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { effectiveConfig, LineIndex, MAX_CONFIG_BYTES, parseConfigFile, type LintConfig, type TestsSpec } from '../core/index';
import { findConfigFile } from '../node/findConfig';
import { decode, describeError, insideAny, readRegularFileSync } from '../node/safeFiles';
import { UsageError } from './files';

export interface TestsSection {
  spec: TestsSpec;
  file: string;
  text: string;
}

/**
 * Reads the configuration; a bad or unreadable file is a usage error naming the problem (exit 2).
 * `--config FILE` is read wherever its links lead (the user named it); a `.netpol-lint.yaml` found
 * by the walk up only when its real path is inside the folder it was found in (a repository's
 * config that links elsewhere is refused, never read). Either must be a regular file of at most
 * MAX_CONFIG_BYTES.
 */
export function loadConfig(
  explicit: string | undefined,
  cwd: string,
): {
  config: LintConfig;
  file?: string;
  exclude?: string[];
  render?: 'auto' | 'helm' | 'kustomize';
  helm?: { namespace?: string; values?: string[] };
  /** The config file's `tests:` section, with the file's text (for lines). */
  tests?: TestsSection;
} {
  const file = explicit !== undefined ? resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return { config: effectiveConfig() };
  const name = explicit ?? file;
  let text: string;
  try {
    if (explicit === undefined && !insideAny(realpathSync(file), [realpathSync(dirname(file))]))
      throw new UsageError(`the config file '${name}' is a symbolic link to outside its folder: not read (name it with --config to use it)`);
    text = decode(readRegularFileSync(file, MAX_CONFIG_BYTES)).text;
  } catch (e) {
    if (e instanceof UsageError) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    const why = missing ? (lstatSync(file, { throwIfNoEntry: false })?.isSymbolicLink() ? 'a symbolic link to nothing' : 'no such file') : describeError(e);
    throw new UsageError(`cannot read the config file '${name}': ${why}`);
  }
  const { layer, problems } = parseConfigFile(text);
  if (problems.length > 0) {
    const p = problems[0];
    const at = new LineIndex(text).positionAt(p.span.start);
    const more = problems.length > 1 ? ` (and ${problems.length - 1} more problem${problems.length > 2 ? 's' : ''})` : '';
    throw new UsageError(`bad config ${relative(cwd, file) || file}:${at.line + 1}:${at.character + 1}: ${p.message}${more}`);
  }
  // values files are named relative to the config file's folder
  const helm = layer.helm && { ...layer.helm, values: layer.helm.values?.map((v) => resolve(dirname(file), v)) };
  const tests = layer.tests && { spec: layer.tests, file, text };
  return { config: effectiveConfig(layer), file, exclude: layer.exclude, render: layer.render, helm, tests };
}

/** The CLI's configuration: `--config FILE`, else `.netpol-lint.yaml` found walking up from the working directory. */
import { readFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';
import { effectiveConfig, LineIndex, parseConfigFile, type LintConfig } from '../core/index';
import { findConfigFile } from '../node/findConfig';
import { UsageError } from './files';

/** Reads the configuration; a bad or unreadable file is a usage error naming the problem (exit 2). */
export function loadConfig(
  explicit: string | undefined,
  cwd: string,
): { config: LintConfig; file?: string; exclude?: string[]; render?: 'auto' | 'helm' | 'kustomize'; helm?: { namespace?: string; values?: string[] } } {
  const file = explicit !== undefined ? resolve(cwd, explicit) : findConfigFile(cwd);
  if (!file) return { config: effectiveConfig() };
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (e) {
    throw new UsageError(
      `cannot read the config file '${explicit ?? file}': ${(e as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : e instanceof Error ? e.message : String(e)}`,
    );
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
  return { config: effectiveConfig(layer), file, exclude: layer.exclude, render: layer.render, helm };
}

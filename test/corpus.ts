/** The corpus' error and warning findings as `line:col code` strings (1-based), per file. */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { LineIndex } from '../server/src/core/index';
import { lint } from './helpers';

export const CORPUS = join(__dirname, 'data/corpus');

export function corpusFiles(dir = CORPUS): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((name) => {
      const p = join(dir, name);
      if (statSync(p).isDirectory()) return corpusFiles(p);
      return /\.ya?ml$/.test(name) ? [p] : [];
    });
}

export function corpusFindings(): [string, string[]][] {
  return corpusFiles().map((file) => {
    const text = readFileSync(file, 'utf8');
    const lines = new LineIndex(text);
    const list = lint(text)
      .filter((f) => f.severity === 'error' || f.severity === 'warning')
      .map((f) => {
        const p = lines.positionAt(f.span.start);
        return `${p.line + 1}:${p.character + 1} ${f.code}`;
      });
    return [relative(CORPUS, file), list];
  });
}

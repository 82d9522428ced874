/** SARIF 2.1.0 output (GitHub code scanning): one run, every rule listed, 1-based regions. */
import { isAbsolute, relative, sep } from 'node:path';
import { docsUrl, LineIndex, RULES, type Severity } from '../core/index';
import type { FileReport } from './report';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = { error: 'error', warning: 'warning', information: 'note', hint: 'note' };

function artifactUri(path: string, cwd: string): string {
  if (path === '-') return 'stdin';
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

export function formatSarif(reports: readonly FileReport[], version: string, cwd: string): string {
  const index = new Map(RULES.map((r, i) => [r.meta.code, i]));
  const rules = RULES.map((r) => ({
    id: r.meta.code,
    name: r.meta.code.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: r.meta.description },
    fullDescription: { text: r.meta.description },
    helpUri: docsUrl(r.meta.code),
    help: { text: `${r.meta.description} See ${docsUrl(r.meta.code)}`, markdown: `${r.meta.description}\n\n[Rule documentation](${docsUrl(r.meta.code)})` },
    defaultConfiguration: { level: LEVEL[r.meta.defaultSeverity] },
    properties: { category: r.meta.category === 'A' ? 'rejected-by-api-server' : r.meta.category === 'B' ? 'accepted-but-wrong' : 'suppressions' },
  }));
  const results = reports.flatMap((r) => {
    const lines = new LineIndex(r.text);
    return r.findings.map((f) => {
      const s = lines.positionAt(f.span.start);
      const e = lines.positionAt(f.span.end);
      return {
        ruleId: f.code,
        ruleIndex: index.get(f.code) ?? -1,
        level: LEVEL[f.severity],
        message: { text: f.message },
        locations: [
          {
            physicalLocation: {
              artifactLocation: { uri: artifactUri(r.path, cwd), uriBaseId: '%SRCROOT%' },
              region: { startLine: s.line + 1, startColumn: s.character + 1, endLine: e.line + 1, endColumn: e.character + 1 },
            },
          },
        ],
        properties: { document: f.document },
      };
    });
  });
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: { driver: { name: 'netpol-lint', semanticVersion: version, informationUri: 'https://github.com/netpol-lint/netpol-lint', rules } },
        originalUriBaseIds: { '%SRCROOT%': { uri: `file://${cwd.split(sep).map(encodeURIComponent).join('/')}/` } },
        columnKind: 'utf16CodeUnits',
        results,
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}

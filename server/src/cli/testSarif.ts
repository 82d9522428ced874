/**
 * `netpol-lint test --format sarif`: SARIF 2.1.0 for code scanning. A violation is a result on each
 * policy rule that causes it (the rule that opens a cross-tenant path), or on the invariant's line
 * of the tests file when no rule does (nothing isolates); a failed test is a result on its line.
 */
import { isAbsolute, relative, sep } from 'node:path';
import { INVARIANTS, type Position } from '../core/index';

export interface SarifRegion {
  file: string;
  start: Position;
  end: Position;
}

export interface SarifItem {
  ruleId: string;
  message: string;
  regions: SarifRegion[];
}

const DESCRIPTIONS: Record<string, string> = {
  'tenant-isolation': 'A pod of one tenant can open a connection to a pod of another tenant (beyond the shared entries).',
  'dns-reachable': 'A tenant pod cannot reach the cluster DNS on UDP and TCP.',
  'metadata-blocked': 'A pod can reach the cloud metadata address 169.254.169.254.',
  'default-deny': 'A tenant namespace does not isolate all its pods for ingress and egress.',
  'connectivity-test': 'A connectivity test of the tests file fails.',
};

function artifactUri(path: string, cwd: string): string {
  const rel = isAbsolute(path) ? relative(cwd, path) : path;
  return rel.split(sep).map(encodeURIComponent).join('/');
}

export function formatTestSarif(items: readonly SarifItem[], version: string, cwd: string): string {
  const ids = [...INVARIANTS, 'connectivity-test'];
  const rules = ids.map((id) => ({
    id,
    name: id.replace(/(^|-)([a-z0-9])/g, (_m, _d, c: string) => c.toUpperCase()),
    shortDescription: { text: DESCRIPTIONS[id] },
    defaultConfiguration: { level: 'error' },
  }));
  const results = items.flatMap((item) =>
    item.regions.map((r) => ({
      ruleId: item.ruleId,
      ruleIndex: ids.indexOf(item.ruleId),
      level: 'error',
      message: { text: item.message },
      locations: [
        {
          physicalLocation: {
            artifactLocation: { uri: artifactUri(r.file, cwd), uriBaseId: '%SRCROOT%' },
            region: { startLine: r.start.line + 1, startColumn: r.start.character + 1, endLine: r.end.line + 1, endColumn: r.end.character + 1 },
          },
        },
      ],
    })),
  );
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
  return `${JSON.stringify(sarif, null, 2)}\n`;
}

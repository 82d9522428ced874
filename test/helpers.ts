/** Shared test helpers: lint a text, find spans by their text, apply a fix. */
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, copyFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { defaultConfig, type FileFinding, type LintConfig, Workspace } from '../server/src/core/index';
import { applyEdits } from '../server/src/core/edit/fixes';
import { lintText } from '../server/src/core/workspace/workspace';

export function lint(text: string, config: LintConfig = defaultConfig()): FileFinding[] {
  return lintText(text, config).findings;
}

export function findings(text: string, code: string, config?: LintConfig): FileFinding[] {
  return lint(text, config).filter((f) => f.code === code);
}

/** The span of the nth occurrence of `needle` in `text`. */
export function spanOf(text: string, needle: string, nth = 0): { start: number; end: number } {
  let at = -1;
  for (let i = 0; i <= nth; i++) {
    at = text.indexOf(needle, at + 1);
    assert.ok(at >= 0, `"${needle}" (occurrence ${nth}) not in the text`);
  }
  return { start: at, end: at + needle.length };
}

/** The text a finding points at. */
export function pointed(text: string, f: FileFinding): string {
  return text.slice(f.span.start, f.span.end);
}

/** Applies the finding's fix whose title starts with `title` and returns the new text. */
export function applyFix(text: string, f: FileFinding, title: string): string {
  const fix = f.fixes?.find((x) => x.title.startsWith(title));
  assert.ok(fix, `no fix "${title}…" on ${f.code}; fixes: ${JSON.stringify(f.fixes?.map((x) => x.title))}`);
  return applyEdits(text, fix.edits);
}

/** Lines of YAML joined with "\n" (keeps test texts readable). */
export function yaml(...lines: string[]): string {
  return lines.join('\n') + '\n';
}

export const DENY_ALL = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: default-deny-all',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '    - Ingress',
  '    - Egress',
);

/** The seed's DNS policy with UDP and TCP 53 filled in. */
export const ALLOW_DNS = yaml(
  'apiVersion: networking.k8s.io/v1',
  'kind: NetworkPolicy',
  'metadata:',
  '  name: allow-dns-egress',
  '  namespace: tenant-a',
  'spec:',
  '  podSelector: {}',
  '  policyTypes:',
  '    - Egress',
  '  egress:',
  '    - to:',
  '        - namespaceSelector:',
  '            matchLabels:',
  '              kubernetes.io/metadata.name: kube-system',
  '          podSelector:',
  '            matchLabels:',
  '              k8s-app: kube-dns',
  '      ports:',
  '        - protocol: UDP',
  '          port: 53',
  '        - protocol: TCP',
  '          port: 53',
);

/** A NetworkPolicy around a spec body (lines indented under `spec:`). */
export function policy(specLines: string[], name = 'p', namespace = 'tenant-a'): string {
  return yaml(
    'apiVersion: networking.k8s.io/v1',
    'kind: NetworkPolicy',
    'metadata:',
    `  name: ${name}`,
    `  namespace: ${namespace}`,
    'spec:',
    ...specLines.map((l) => `  ${l}`),
  );
}

/** Expands a VS Code snippet body the way the editor does when the user accepts every default. */
export function expand(body: string[]): string {
  let text = body.join('\n');
  for (let i = 0; i < 10 && /\$\{\d+(:[^{}]*)?\}|\$\{\d+\|[^}]*\|\}/.test(text); i++) {
    text = text.replace(/\$\{(\d+):([^{}]*)\}/g, '$2').replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, '$2');
  }
  return text.replace(/\$\d+/g, '').replace(/\$\{\d+\}/g, '');
}

/**
 * How to run Node.js as a user who cannot read what root can (for tests of unreadable files):
 * `setpriv` or `runuser` down to nobody when running as root, nothing otherwise; a string (the
 * reason to skip) when running as root and neither works.
 */
export function unprivilegedPrefix(): string[] | string {
  if (process.getuid?.() !== 0) return [];
  for (const prefix of [
    ['setpriv', '--reuid=65534', '--regid=65534', '--clear-groups'],
    ['runuser', '-u', 'nobody', '--'],
  ]) {
    const probe = spawnSync(prefix[0], [...prefix.slice(1), process.execPath, '-e', 'process.exit(process.getuid() === 0 ? 1 : 0)']);
    if (probe.status === 0) return prefix;
  }
  return 'running as root, and neither setpriv nor runuser can drop to nobody';
}

/**
 * A copy of a built bundle (dist/cli.js, dist/server.js: self-contained, Node.js built-ins only)
 * that the unprivileged user can read: the checkout itself may sit in a folder only root may enter
 * (a CI runner's clone under `mktemp -d` or /root).
 */
export function readableCopy(file: string): string {
  const dir = mkdtempSync(join(tmpdir(), 'netpol-bundle-'));
  chmodSync(dir, 0o755);
  const copy = join(dir, basename(file));
  copyFileSync(file, copy);
  chmodSync(copy, 0o644);
  return copy;
}

/**
 * A field path as messages write it (`spec.egress[0].ports[1].port`, `items[2].metadata.name`,
 * `apiVersion`), not inside a label key such as `kubernetes.io/metadata.name`.
 */
const FIELD_PATH = /(?<![\w./-])(?:items\[\d+\]\.)?(?:(?:spec|metadata)[.[][^\s()]*|apiVersion(?![\w-]))/g;

/**
 * Why a message breaks the problem-first contract (undefined when it keeps it): it starts with a
 * short capitalised statement of the problem (at most 60 characters before the first ": ", not
 * counting quoted values, which are the user's), never
 * with a field path; a field path appears only at the very end, in parentheses; when `withPath`,
 * that path is there. `otherFilesPaths`: the body may name fields of other files (a kustomization's
 * finding lists the NetworkPolicy selectors it changes).
 */
export function problemFirstViolation(message: string, withPath = false, otherFilesPaths = false): string | undefined {
  if (!/^[A-Z]/.test(message)) return 'does not start with a capital letter';
  const tail = / \(((?:items\[\d+\]\.)?(?:spec|metadata|apiVersion)[^\s()]*)\)$/.exec(message);
  if (withPath && !tail) return 'does not end with its field path in parentheses';
  const body = tail ? message.slice(0, tail.index) : message;
  const colon = body.indexOf(': ');
  const headline = colon < 0 ? body : body.slice(0, colon);
  if (headline.replace(/"[^"]*"/g, '""').length > 60) return `headline longer than 60 characters: "${headline}"`;
  const stray = body.match(FIELD_PATH);
  if (stray && !otherFilesPaths) return `names a field path before the end: ${stray.join(', ')}`;
  if (/\.$/.test(body) && tail) return 'a period before the path';
  return undefined;
}

/** The field path a message ends with, in parentheses (`… (spec.ingress[0])` → `spec.ingress[0]`), or undefined. */
export function messagePath(message: string): string | undefined {
  return /\(([^\s()]+)\)$/.exec(message)?.[1];
}

/**
 * The configuration a rule page's examples hold for: the newest version of its "Kubernetes versions"
 * line, and the CRD channel of its "Channel" line, if it has them.
 */
export function docConfig(page: string): LintConfig | undefined {
  const m = /\n\*\*Kubernetes versions:\*\* (1\.\d+) to (1\.\d+)\b/.exec(page);
  const c = /\n\*\*Channel:\*\* (standard|experimental)\b/.exec(page);
  if (!m && !c) return undefined;
  const config = defaultConfig();
  if (m) config.kubernetesVersion = m[2];
  if (c) config.clusterNetworkPolicy = { channel: c[1] as 'standard' | 'experimental' };
  return config;
}

/**
 * Codes whose examples are one file of a workspace: the "wrong" and "right" examples are linted as
 * `file`, beside the page's first YAML example (under "What it catches") as `beside`.
 */
const WORKSPACE_EXAMPLES: Record<string, { file: string; beside: string }> = {
  'kustomize-selector-labels': { file: 'kustomization.yaml', beside: 'np.yaml' },
};

/** Lints an example as the rule reads it: on its own, or as a file of a workspace (WORKSPACE_EXAMPLES). */
export function lintDocExample(code: string, page: string, text: string, config?: LintConfig) {
  const setup = WORKSPACE_EXAMPLES[code];
  if (!setup) return lint(text, config);
  const ws = new Workspace(config ?? defaultConfig());
  const beside = /## What it catches\n[\s\S]*?```yaml\n([\s\S]*?)\n```/.exec(page);
  assert.ok(beside, 'no yaml example under "## What it catches"');
  ws.update(setup.beside, `${beside[1]}\n`);
  ws.update(setup.file, text);
  return ws.result(setup.file)!.findings;
}

/** Runs git in `cwd` as a throwaway identity (for commits in test folders); fails the test on a non-zero exit. */
export function git(cwd: string, ...args: string[]): void {
  const r = spawnSync('git', ['-c', 'user.email=t@example.com', '-c', 'user.name=t', ...args], { cwd, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
}

/** A seeded pseudo-random generator in [0, 1) (mulberry32): the same numbers for the same seed, for reproducible generated tests. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

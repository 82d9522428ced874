/**
 * The workspace's kustomization files: the kustomization rules (rules/kustomize-*.ts) read each
 * one with the NetworkPolicies it builds from the workspace's files, and their findings join the
 * file's own, configured and unsuppressed like every other.
 */
import type { LintConfig } from '../config';
import { shiftFinding } from '../edit/fixes';
import { isKustomizationKey, KUSTOMIZATION_NAMES, readKustomization, resolveResource, type KustomizationModel } from '../kustomize';
import type { NetworkPolicyModel } from '../model/networkPolicy';
import type { FileResult, FileSnapshot } from '../pipeline/index';
import type { PlacedFileFinding } from '../pipeline/fileResult';
import { inFileOrder } from '../pipeline/fileOrder';
import { KUSTOMIZATION_RULES, RULE_CODES } from '../rules/index';
import { isSuppressed, readSuppressions } from '../suppressions';
import { appendAll } from '../arrays';

/** A file's current snapshot in the workspace, if it holds the file. */
type SnapshotOf = (file: string) => FileSnapshot | undefined;

/** A kustomization's result with the kustomization rules' findings (configured, unsuppressed) added in file order. */
export function withKustomizationFindings(file: string, snapshot: FileSnapshot, result: FileResult, config: LintConfig, snapshotOf: SnapshotOf): FileResult {
  const k = readKustomization(snapshot.text);
  if (!k || k.selectorLabels.length === 0) return result;
  const policies = builtPolicies(file, k, new Set([file]), snapshotOf);
  const extra: PlacedFileFinding[] = [];
  for (const rule of KUSTOMIZATION_RULES) {
    const setting = config.rules[rule.meta.code];
    if (setting === 'off') continue;
    for (const f of rule.check(k, policies)) {
      const chunk = snapshot.chunkAt(f.span.start);
      if (!chunk) continue;
      const finding = shiftFinding({ ...f, severity: setting ?? f.severity, fixes: f.fixes ?? [] }, -chunk.start, chunk.firstDocument);
      if (isSuppressed(readSuppressions(chunk.text, RULE_CODES), chunk.text, finding)) continue;
      extra.push({ finding, start: chunk.start, line: result.lines.positionAt(chunk.start).line, document: chunk.firstDocument });
    }
  }
  if (extra.length === 0) return result;
  const placed = inFileOrder([...result.placed, ...extra], result.documentCount);
  let findings: ReturnType<typeof shiftFinding>[] | undefined;
  return {
    get findings() {
      return (findings ??= placed.map((p) => shiftFinding(p.finding, p.start, p.document)));
    },
    placed,
    documentCount: result.documentCount,
    policyCount: result.policyCount,
    lines: result.lines,
  };
}

/**
 * The NetworkPolicies a kustomization builds: those of its resource files the workspace holds,
 * and, for a folder resource, those its own kustomization builds (each kustomization once).
 */
function builtPolicies(key: string, k: KustomizationModel, seen: Set<string>, snapshotOf: SnapshotOf): NetworkPolicyModel[] {
  const out: NetworkPolicyModel[] = [];
  for (const resource of k.resources) {
    const target = resolveResource(key, resource);
    if (target === undefined) continue;
    const file = snapshotOf(target);
    if (file && !isKustomizationKey(target)) {
      for (const ref of file.policies) out.push(ref.policy);
      continue;
    }
    for (const name of KUSTOMIZATION_NAMES) {
      const inner = target === '.' ? name : `${target}/${name}`;
      const snapshot = snapshotOf(inner);
      if (!snapshot) continue;
      const model = seen.has(inner) ? undefined : readKustomization(snapshot.text);
      seen.add(inner);
      if (model) appendAll(out, builtPolicies(inner, model, seen, snapshotOf));
      break;
    }
  }
  return out;
}

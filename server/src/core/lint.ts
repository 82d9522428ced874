/**
 * Lints a whole file: splits it into documents, analyses each (reusing the cached analysis of
 * documents whose text did not change), runs the namespace rules across the file's documents,
 * then applies suppressions and configured severities.
 */
import { analyseChunk, type AnalysedChunk } from './analysis/chunk';
import type { LintConfig } from './config';
import { shiftFinding, type FileFinding, type Finding } from './findings';
import { disableNextLineFix } from './edit/disableComment';
import { splitDocuments } from './parse/splitDocuments';
import { NAMESPACE_RULES } from './rules/index';
import type { PolicyRef } from './rules/types';
import { isSuppressed } from './suppressions';

export interface FileResult {
  findings: FileFinding[];
  documentCount: number;
  policyCount: number;
}

interface Placed {
  chunk: AnalysedChunk;
  start: number;
  firstDocument: number;
}

export class FileAnalyzer {
  private cache = new Map<string, AnalysedChunk>();

  analyse(text: string, config: LintConfig): FileResult {
    const chunks = splitDocuments(text);
    const next = new Map<string, AnalysedChunk>();
    const placed: Placed[] = [];
    let document = 0;
    for (const c of chunks) {
      const chunk = this.cache.get(c.text) ?? next.get(c.text) ?? analyseChunk(c);
      next.set(c.text, chunk);
      placed.push({ chunk, start: c.start, firstDocument: document });
      document += chunk.documentCount;
    }
    this.cache = next;

    const raw: { at: Placed; finding: Finding; document: number }[] = [];
    const refs: PolicyRef[] = [];
    const refPlace = new Map<PolicyRef, Placed>();
    let policyCount = 0;
    for (const at of placed) {
      for (const f of at.chunk.findings) raw.push({ at, finding: f.finding, document: at.firstDocument + f.doc });
      for (const p of at.chunk.policies) {
        const ref: PolicyRef = { policy: p.policy, document: at.firstDocument + p.doc, edit: at.chunk.edit };
        refs.push(ref);
        refPlace.set(ref, at);
        policyCount++;
      }
    }
    for (const group of groupByNamespace(refs).values()) {
      for (const rule of NAMESPACE_RULES) {
        for (const { ref, finding } of rule.check(group, { dns: config.dns })) raw.push({ at: refPlace.get(ref)!, finding, document: ref.document });
      }
    }

    const findings: FileFinding[] = [];
    for (const { at, finding, document: doc } of raw) {
      if (isSuppressed(at.chunk.suppressions, at.chunk.text, finding)) continue;
      const setting = config.rules[finding.code];
      if (setting === 'off') continue;
      const placedFinding = shiftFinding(finding, at.start, doc);
      if (setting) placedFinding.severity = setting;
      placedFinding.fixes = [...(placedFinding.fixes ?? []), disableNextLineFix(text, placedFinding)];
      findings.push(placedFinding);
    }
    findings.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || a.code.localeCompare(b.code));
    return { findings, documentCount: document, policyCount };
  }
}

function groupByNamespace(refs: PolicyRef[]): Map<string, PolicyRef[]> {
  const groups = new Map<string, PolicyRef[]>();
  for (const r of refs) {
    const key = r.policy.namespace?.value ?? '';
    const g = groups.get(key);
    if (g) g.push(r);
    else groups.set(key, [r]);
  }
  return groups;
}

/** One-shot lint of a text (the CLI and tests); editors keep a FileAnalyzer per document. */
export function lintText(text: string, config: LintConfig): FileResult {
  return new FileAnalyzer().analyse(text, config);
}

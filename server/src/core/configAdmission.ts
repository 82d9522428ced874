/**
 * The `admission:` section of `.netpol-lint.yaml` (what `netpol-lint admission` generates beyond
 * the rules): a namespace selector for the tenants, the tenant limits and the platform's label.
 */
import { parseCidr } from './analysis/cidr';
import type { AdmissionSettings, LabelSelectorSetting } from './config';
import { LABEL_KEY, LABEL_VALUE, type Reader, spanOf, stringOf } from './configReader';
import { asMap, asSeq, getEntry, type LEntry } from './model/located';

const ADMISSION_KEYS = ['namespaceSelector', 'allowedCidrs', 'namespaceSelectorsByName', 'noSystemNamespaces', 'platform'];
const SELECTOR_KEYS = ['matchLabels', 'matchExpressions'];
const EXPRESSION_KEYS = ['key', 'operator', 'values'];
const PLATFORM_KEYS = ['label', 'groups'];
const OPERATORS = ['In', 'NotIn', 'Exists', 'DoesNotExist'];

function readSelector(r: Reader, e: LEntry, path: string): LabelSelectorSetting | undefined {
  const map = asMap(e.value);
  if (!map) {
    r.problem('Not a label selector: give matchLabels or matchExpressions', spanOf(e), path);
    return undefined;
  }
  const out: LabelSelectorSetting = {};
  for (const s of map.entries) {
    if (s.key === 'matchLabels') {
      const labels = asMap(s.value);
      if (!labels) {
        r.problem('Not a map: matchLabels maps label keys to values', spanOf(s), `${path}.matchLabels`);
        continue;
      }
      out.matchLabels = {};
      for (const l of labels.entries) {
        const v = stringOf(l.value);
        if (!LABEL_KEY.test(l.key)) r.problem(`Not a label key: "${l.key}"`, l.keySpan, `${path}.matchLabels`);
        else if (v === undefined || !LABEL_VALUE.test(v) || v.length > 63)
          r.problem('Not a label value: give a quoted string of at most 63 letters, digits, "-", "_", "."', spanOf(l), `${path}.matchLabels.${l.key}`);
        else out.matchLabels[l.key] = v;
      }
    } else if (s.key === 'matchExpressions') {
      const seq = asSeq(s.value);
      if (!seq) {
        r.problem('Not a list: matchExpressions is a list of { key, operator, values }', spanOf(s), `${path}.matchExpressions`);
        continue;
      }
      out.matchExpressions = [];
      for (const item of seq.items) {
        const m = asMap(item);
        const key = stringOf(getEntry(m, 'key')?.value ?? item);
        const operator = stringOf(getEntry(m, 'operator')?.value ?? item);
        const valuesEntry = getEntry(m, 'values');
        const values = valuesEntry ? r.stringList(valuesEntry, `${path}.matchExpressions[].values`) : undefined;
        const unknown = m?.entries.find((x) => !EXPRESSION_KEYS.includes(x.key));
        if (unknown) r.unknown(unknown, EXPRESSION_KEYS, `${path}.matchExpressions`);
        else if (!m || key === undefined || !LABEL_KEY.test(key))
          r.problem('No label key: each match expression needs a label key as key', item.span, `${path}.matchExpressions`);
        else if (!OPERATORS.includes(operator ?? ''))
          r.problem('Unknown operator: use In, NotIn, Exists or DoesNotExist', item.span, `${path}.matchExpressions`);
        else if ((operator === 'In' || operator === 'NotIn') !== (values !== undefined && values.length > 0))
          r.problem('Values mismatch: In and NotIn need values, Exists and DoesNotExist take none', item.span, `${path}.matchExpressions`);
        else out.matchExpressions.push({ key, operator: operator as 'In', ...(values && values.length > 0 ? { values } : {}) });
      }
    } else r.unknown(s, SELECTOR_KEYS, path);
  }
  return out;
}

export function readAdmission(r: Reader, e: LEntry): AdmissionSettings | undefined {
  const map = asMap(e.value);
  if (!map) {
    r.problem(`Not a map: admission takes ${ADMISSION_KEYS.join(', ')}`, spanOf(e), 'admission');
    return undefined;
  }
  const out: AdmissionSettings = {};
  for (const a of map.entries) {
    const path = `admission.${a.key}`;
    if (a.key === 'namespaceSelector') {
      const sel = readSelector(r, a, path);
      if (sel) out.namespaceSelector = sel;
    } else if (a.key === 'allowedCidrs') {
      const list = r.stringList(a, path, (s) => (parseCidr(s) ? undefined : 'is not a CIDR (such as 10.0.0.0/8)'));
      if (list) out.allowedCidrs = list;
    } else if (a.key === 'namespaceSelectorsByName') {
      if (a.value.kind === 'scalar' && typeof a.value.value === 'boolean') out.namespaceSelectorsByName = a.value.value;
      else r.problem('Not a boolean: give true or false', spanOf(a), path);
    } else if (a.key === 'noSystemNamespaces') {
      if (a.value.kind === 'scalar' && typeof a.value.value === 'boolean') out.noSystemNamespaces = a.value.value;
      else r.problem('Not a boolean: give true or false', spanOf(a), path);
    } else if (a.key === 'platform') {
      const p = asMap(a.value);
      if (!p) {
        r.problem('Not a map: platform takes label and groups', spanOf(a), path);
        continue;
      }
      let label: string | undefined;
      let groups: string[] | undefined;
      for (const x of p.entries) {
        if (x.key === 'label') {
          label = stringOf(x.value);
          if (label === undefined || !LABEL_KEY.test(label)) {
            r.problem('Not a label key: give one such as netpol-lint.io/platform', spanOf(x), `${path}.label`);
            label = undefined;
          }
        } else if (x.key === 'groups') groups = r.stringList(x, `${path}.groups`, (s) => (s === '' ? 'is empty' : undefined));
        else r.unknown(x, PLATFORM_KEYS, path);
      }
      if (label !== undefined && groups !== undefined && groups.length > 0) out.platform = { label, groups };
      else if (label !== undefined || groups !== undefined) r.problem('Incomplete platform: it needs both a label and at least one group', a.keySpan, path);
    } else r.unknown(a, ADMISSION_KEYS, 'admission');
  }
  return out;
}

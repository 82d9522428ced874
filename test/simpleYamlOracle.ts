/**
 * The oracle for the fast reader: the full `yaml` parser. For a text the fast reader accepts, the
 * full parser must read one document without errors, and the same located tree, range for range.
 */
import { parseAllDocuments } from 'yaml';
import { locate } from '../server/src/core/model/located';
import { PARSE_OPTIONS } from '../server/src/core/parse/parseOptions';
import { readSimpleYaml } from '../server/src/core/parse/simpleYaml';

export type Verdict = 'fallback' | 'same';

/** 'fallback' when the fast reader declines, 'same' when it agrees; throws with the difference otherwise. */
export function compareWithYaml(text: string): Verdict {
  const fast = readSimpleYaml(text);
  if (!fast) return 'fallback';
  const docs = parseAllDocuments(text, PARSE_OPTIONS);
  if (docs.length > 1) throw new Error(`the fast reader accepted ${docs.length} documents:\n${text}`);
  const errors = docs[0]?.errors ?? [];
  if (errors.length > 0) throw new Error(`the fast reader accepted a text with errors (${errors[0].code}: ${errors[0].message}):\n${text}`);
  const full = docs[0] ? locate(docs[0], text) : undefined;
  const a = JSON.stringify(fast.root, replacer);
  const b = JSON.stringify(full, replacer);
  if (a !== b) throw new Error(`the trees differ for:\n${text}\nfast: ${a}\nfull: ${b}`);
  return 'same';
}

function replacer(_key: string, value: unknown): unknown {
  return typeof value === 'bigint' ? `${value}n` : value;
}

/**
 * The whole-document snippets (`netpol-default-deny-all`, …, `netpol-tenant-baseline`), offered by
 * completion where a document can start, and nowhere else: a snippet contributed to the editor
 * is matched against any word, so typing `name: default-deny-all` and Enter expanded a whole
 * policy into the value. The texts are those of snippets/networkpolicy.json; when the project's
 * DNS profile differs from the defaults, the DNS-bearing ones are written for it instead.
 */
import SNIPPETS from '../../../../snippets/networkpolicy.json';
import type { DnsProfile } from '../config';
import { clusterSnippetForDns } from './clusterDnsSnippets';
import { dnsSnippets, isDefaultDns } from './dnsSnippets';

export interface DocumentSnippet {
  prefix: string;
  description: string;
  /** LSP snippet syntax (`${1:name}` placeholders). */
  body: string;
  /** Written for the project's DNS profile (not the file's defaults). */
  forProfile: boolean;
}

const STATIC: readonly DocumentSnippet[] = Object.values(SNIPPETS as Record<string, { prefix: string; description: string; body: string[] }>).map((s) => ({
  prefix: s.prefix,
  description: s.description,
  body: s.body.join('\n'),
  forProfile: false,
}));

/** Every document snippet for this DNS profile, in the file's order. */
export function documentSnippets(dns: DnsProfile): DocumentSnippet[] {
  if (isDefaultDns(dns)) return [...STATIC];
  const own = new Map(dnsSnippets(dns).map((s) => [s.prefix, s]));
  return STATIC.map((s) => {
    const d = own.get(s.prefix);
    if (d) return { ...d, forProfile: true };
    return s.prefix.startsWith('netpol-cnp-') ? { ...s, body: clusterSnippetForDns(s.body, dns), forProfile: true } : s;
  });
}

/** Only blank lines, comments, directives and document markers in `text`. */
function holdsNothing(text: string): boolean {
  return text.split(/\r?\n/).every((line) => /^\s*(#.*)?$/.test(line) || /^(---|\.\.\.)(\s.*)?$/.test(line) || /^%/.test(line));
}

/**
 * The prefix being typed when a document can start at the cursor: a line that holds only
 * `netpol…` at column 0, in a document with nothing else in it (comments aside).
 */
export function snippetPrefixAt(chunkText: string, rel: number): string | undefined {
  const lineStart = chunkText.lastIndexOf('\n', rel - 1) + 1;
  const m = /^netpol[\w-]*$/.exec(chunkText.slice(lineStart, rel));
  if (!m) return undefined;
  const lineEnd = chunkText.indexOf('\n', rel);
  const after = lineEnd < 0 ? '' : chunkText.slice(lineEnd + 1);
  const rest = chunkText.slice(rel, lineEnd < 0 ? chunkText.length : lineEnd);
  return rest.trim() === '' && holdsNothing(chunkText.slice(0, lineStart)) && holdsNothing(after) ? m[0] : undefined;
}

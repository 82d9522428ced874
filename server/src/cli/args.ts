/**
 * The command line read, with our own one-line messages: an unknown option names the closest known
 * one ("did you mean"), an option without its value says what value it takes. Node's `parseArgs`
 * only splits the words (non-strict); every check and message is here.
 */
import { parseArgs } from 'node:util';
import { closest } from '../core/model/editDistance';
import { UsageError } from './files';

interface OptionSpec {
  type: 'string' | 'boolean';
  short?: string;
  /** What the value is, for the message when it is missing (string options). */
  value?: string;
  /** Repeatable: every value is kept, in order. */
  multiple?: boolean;
}

export const OPTIONS = {
  format: { type: 'string', value: 'text, json or sarif' },
  tests: { type: 'string', value: 'a tests file (netpol-tests.yaml)' },
  'as-written': { type: 'boolean' },
  'max-warnings': { type: 'string', value: 'a whole number' },
  config: { type: 'string', value: 'a file' },
  'kubernetes-version': { type: 'string', value: 'a version such as 1.35' },
  fix: { type: 'boolean' },
  render: { type: 'boolean' },
  exclude: { type: 'string', value: 'a glob such as "charts/**"', multiple: true },
  port: { type: 'string', value: 'a port number from 1 to 65535' },
  protocol: { type: 'string', value: 'TCP, UDP or SCTP' },
  'allow-unreadable': { type: 'boolean' },
  why: { type: 'boolean' },
  exposure: { type: 'boolean' },
  from: { type: 'string', value: 'a pod (namespace/name), a namespace (namespace/*) or a glob', multiple: true },
  to: { type: 'string', value: 'a pod (namespace/name), a namespace (namespace/*) or a glob', multiple: true },
  'fail-on': { type: 'string', value: 'added, removed or any' },
  diff: { type: 'string', value: 'the before side: a path (repeatable) or git:<ref>', multiple: true },
  help: { type: 'boolean', short: 'h' },
  version: { type: 'boolean' },
} as const satisfies Record<string, OptionSpec>;

type Name = keyof typeof OPTIONS;
type ValueOf<S> = S extends { multiple: true } ? string[] : S extends { type: 'string' } ? string : boolean;
export type Values = { -readonly [K in Name]?: ValueOf<(typeof OPTIONS)[K]> };

export interface CommandLine {
  values: Values;
  positionals: string[];
}

const LONG = Object.keys(OPTIONS).map((n) => `--${n}`);

function unknown(raw: string): UsageError {
  // a single letter is no typo of a word
  const name = raw.replace(/^-+/, '');
  const hint = name.length > 1 ? closest(`--${name}`, LONG) : undefined;
  return new UsageError(`unknown option ${raw}${hint ? `; did you mean ${hint}?` : ''} (see --help)`);
}

/**
 * `--name value`, `--name=value`, `-h`, `--` (the rest are paths). A value that looks like an
 * option (`--format --fix`) is not taken as a value: the option is missing its value.
 */
export function parseCommandLine(argv: readonly string[]): CommandLine {
  const { tokens } = parseArgs({ args: [...argv], allowPositionals: true, strict: false, tokens: true, options: OPTIONS });
  const values: Values = {};
  const positionals: string[] = [];
  for (const t of tokens) {
    if (t.kind === 'positional') {
      positionals.push(t.value);
      continue;
    }
    if (t.kind !== 'option') continue;
    const spec: OptionSpec | undefined = Object.hasOwn(OPTIONS, t.name) ? OPTIONS[t.name as Name] : undefined;
    // `-format` is split into the short options -f -o -r…: name the word as typed
    const word = argv[t.index];
    const raw = t.rawName.startsWith('--') ? t.rawName : /^-[^-]{2,}/.test(word) ? word.replace(/=.*/s, '') : t.rawName;
    if (!spec || raw !== t.rawName) throw unknown(raw);
    if (spec.type === 'boolean') {
      if (t.value !== undefined) throw new UsageError(`option ${raw} takes no value (see --help)`);
      (values as Record<string, boolean>)[t.name] = true;
      continue;
    }
    if (t.value === undefined || (!t.inlineValue && /^--./.test(t.value))) {
      throw new UsageError(`option ${raw} needs a value: ${spec.value} (see --help)`);
    }
    if (spec.multiple) ((values as Record<string, string[]>)[t.name] ??= []).push(t.value);
    else (values as Record<string, string>)[t.name] = t.value;
  }
  return { values, positionals };
}

/** Parser options that read YAML the way kubectl does (YAML 1.1 scalars: `yes` is a boolean). */
export const PARSE_OPTIONS = { version: '1.1', merge: true, uniqueKeys: true, prettyErrors: false, keepSourceTokens: false } as const;

// Prints the corpus' error and warning findings in the format of test/data/corpus-expectations.yaml,
// to review a change of the rules against the corpus (diff it with the expectations file).
//   npx tsx scripts/corpus-findings.ts > /tmp/now.yaml && diff test/data/corpus-expectations.yaml /tmp/now.yaml
import { corpusFindings } from '../test/corpus';

for (const [file, list] of corpusFindings()) {
  console.log(list.length ? `${file}:\n${list.map((f) => `  - ${f}`).join('\n')}` : `${file}: []`);
}

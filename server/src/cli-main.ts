/** Entry point of the `netpol-lint` command. */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/main';

void runCli(process.argv.slice(2), {
  stdout: (s) => process.stdout.write(s),
  stderr: (s) => process.stderr.write(s),
  readStdin: () => readFileSync(0, 'utf8'),
  isTty: process.stdout.isTTY === true,
  cwd: process.cwd(),
  env: process.env,
}).then((code) => {
  process.exitCode = code;
});

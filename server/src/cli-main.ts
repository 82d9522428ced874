/** Entry point of the `netpol-lint` command. */
import { readFileSync } from 'node:fs';
import { runCli } from './cli/main';

// a reader that stops early (`netpol-lint . | head`) closes the pipe: the rest of the report has
// nowhere to go, and that is no error of ours (the exit status is still the lint's)
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code !== 'EPIPE') throw error;
});

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

/**
 * `npm run bench` (= `tsx bench/run.ts`): runs every benchmark suite in one process, one after another.
 *
 * Suites:
 * - the evaluator suite below (static import);
 * - every other `bench/*.bench.ts` file, found at run time: it is imported and each exported function
 *   named `run…Bench` is called with no arguments (e.g. `bench/powershell.bench.ts` exporting
 *   `runPowerShellBench(): void`). Adding a suite therefore needs no edit here.
 *
 * `npm run bench -- evaluator powershell` runs only the suites whose file name contains one of the
 * words. Speed is measured only here, never in unit tests.
 */
import { readdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { runEvaluatorBench } from './evaluator.bench.ts';

type Suite = { file: string; run: () => void | Promise<void> };

const here = dirname(fileURLToPath(import.meta.url));
const filters = process.argv.slice(2).map((a) => a.toLowerCase());
const wanted = (file: string) => filters.length === 0 || filters.some((f) => file.toLowerCase().includes(f));

const suites: Suite[] = [{ file: 'evaluator.bench.ts', run: runEvaluatorBench }];

for (const file of readdirSync(here).sort()) {
  if (!file.endsWith('.bench.ts') || suites.some((s) => s.file === file)) continue;
  const mod = (await import(pathToFileURL(`${here}/${file}`).href)) as Record<string, unknown>;
  for (const [name, value] of Object.entries(mod)) {
    if (/^run\w*Bench$/.test(name) && typeof value === 'function') {
      suites.push({ file, run: value as () => void | Promise<void> });
    }
  }
}

for (const suite of suites) {
  if (!wanted(suite.file)) continue;
  console.log(`\n== ${suite.file} ==`);
  await suite.run();
}

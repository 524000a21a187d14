// Regenerates the shipped simulated population register:
//   npm exec -- node scripts/generate-population.ts [--count 400] [--seed 1] [--format json|csv] [--out FILE | --stdout]
// A test checks that resources/simulated-population-register.json equals the output for count 400, seed 1.
import { writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { generatePopulation, toCsv, toJson } from '../src/identification/population-generator.ts';

const DEFAULT_OUT = fileURLToPath(
  new URL('../resources/simulated-population-register.json', import.meta.url),
);

const { values } = parseArgs({
  options: {
    count: { type: 'string', default: '400' },
    seed: { type: 'string', default: '1' },
    format: { type: 'string', default: 'json' },
    out: { type: 'string' },
    stdout: { type: 'boolean', default: false },
  },
});

const count = Number(values.count);
const seed = Number(values.seed);
if (!Number.isInteger(count) || count < 0 || !Number.isInteger(seed)) {
  console.error('--count must be a non-negative integer and --seed an integer');
  process.exit(2);
}
if (values.format !== 'json' && values.format !== 'csv') {
  console.error('--format must be json or csv');
  process.exit(2);
}

const entries = generatePopulation({ count, seed });
const text = values.format === 'csv' ? toCsv(entries) : toJson(entries);
if (values.stdout) {
  process.stdout.write(text);
} else {
  const out = values.out ?? DEFAULT_OUT;
  await writeFile(out, text, 'utf8');
  console.error(`Wrote ${entries.length} entries to ${out}`);
}

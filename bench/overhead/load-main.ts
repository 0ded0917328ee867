/**
 * The load generator as its own process (px never traces itself, and the load must not share
 * px's event loop): `node load-main.js '<FixedRateOptions JSON>'` prints a FixedRateResult.
 */
import { runFixedRateLoad, type FixedRateOptions } from './fixed-rate-load.js';

const options = JSON.parse(process.argv[2] ?? '{}') as FixedRateOptions;
const outcome = await runFixedRateLoad(options);
process.stdout.write(`${JSON.stringify(outcome)}\n`);

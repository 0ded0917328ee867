/**
 * The Node options px runs with. They take effect only when the process starts, so bin/px's
 * shebang carries them (a test keeps the two equal), and the benchmarks start px's code with
 * them too, so what they measure is what users run.
 *
 * `--v8-pool-size=0` sizes V8's background threads (garbage collection and compile tasks) to
 * the machine's cores. Node's default is four threads whatever the core count: on a two-core
 * node they contend with px's main thread and with the workloads px observes, and reading a
 * capture file took 10–13% longer (DECISIONS §27).
 */
export const NODE_FLAGS: readonly string[] = ['--v8-pool-size=0'];

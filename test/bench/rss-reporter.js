// Preloaded into the measured process: prints its peak resident set size and the CPU time it used
// (user + system; steadier than wall time on a shared machine) when it exits.
process.on('exit', () => {
  const usage = process.resourceUsage();
  process.stderr.write(`PEAK_RSS_KB=${usage.maxRSS}\nCPU_MS=${Math.round((usage.userCPUTime + usage.systemCPUTime) / 1000)}\n`);
});

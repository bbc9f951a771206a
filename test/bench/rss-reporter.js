// Preloaded into the measured process: prints its peak resident set size when it exits.
process.on('exit', () => {
  process.stderr.write(`PEAK_RSS_KB=${process.resourceUsage().maxRSS}\n`);
});

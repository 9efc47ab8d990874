import { writeSync } from 'node:fs';
import { peakRssBytes } from './peak-rss.mjs';

// Loaded with `node --import` in front of a program under test: prints its peak RSS on exit.
process.on('exit', () => {
  writeSync(2, `\nBENCH_MAX_RSS_BYTES=${peakRssBytes()}\n`);
});

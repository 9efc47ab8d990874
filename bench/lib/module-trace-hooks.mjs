import { appendFileSync } from 'node:fs';

/** Module hooks that append every resolved module URL to the file named by BENCH_MODULE_TRACE. */
export async function resolve(specifier, context, nextResolve) {
  const result = await nextResolve(specifier, context);
  if (process.env.BENCH_MODULE_TRACE) appendFileSync(process.env.BENCH_MODULE_TRACE, `${result.url}\n`);
  return result;
}

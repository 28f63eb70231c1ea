import { convertSockshop } from '../correlate/eval/sockshop.js';
import { parseCommandArgs } from './rca.js';

const HELP = `usage: faultline convert-sockshop --data <sockshop-rcd dir> [--graph <mpg.csv>] --out <dir>

Converts the Sock Shop fault data (<service>-<fault>/<n>/{normal,anomalous}.csv) into the
case format below <out>, one case per <service>-<fault>/<n>; with --graph, MicroRCA's
mpg.csv becomes each case's graph.csv. The choices made are in docs/root-cause.md.`;

/** `faultline convert-sockshop`: write the Sock Shop cases in the case format. */
export async function convertSockshopCommand(argv: string[]): Promise<number> {
  const values = parseCommandArgs(
    argv,
    {
      data: { type: 'string' },
      graph: { type: 'string' },
      out: { type: 'string' },
      help: { type: 'boolean', short: 'h' },
    },
    HELP,
  );
  if (values === null) return 0;
  if (values === undefined || values.data === undefined || values.out === undefined) {
    if (values !== undefined)
      process.stderr.write(`faultline: convert-sockshop needs --data and --out\n${HELP}\n`);
    return 2;
  }
  const cases = await convertSockshop({
    dataDir: values.data,
    outDir: values.out,
    ...(values.graph === undefined ? {} : { graphFile: values.graph }),
  });
  process.stdout.write(`wrote ${cases.length} cases to ${values.out}\n`);
  return 0;
}

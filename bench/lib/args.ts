import { parseArgs, type ParseArgsConfig } from 'node:util';

/**
 * The command line of a bench script, parsed strictly. A bad option prints `<name>: <problem>`
 * and the usage, and exits 2: a typo must not run a twelve-minute benchmark, nor pass as a figure.
 */
export function commandLine<const Options extends NonNullable<ParseArgsConfig['options']>>(
  name: string,
  usage: string,
  options: Options,
) {
  const fail = (problem: string): never => {
    process.stderr.write(`${name}: ${problem}\n${usage}\n`);
    process.exit(2);
  };
  let values: ReturnType<typeof parseArgs<{ options: Options }>>['values'];
  try {
    values = parseArgs({ options }).values;
  } catch (error) {
    return fail((error as Error).message);
  }
  /** A string option as a number: above 0, or with `zero` 0 or above; whole with `integer`. */
  const number = (option: keyof Options & string, { integer = false, zero = false } = {}): number => {
    const text = String(values[option as keyof typeof values]).trim();
    const value = text === '' ? Number.NaN : Number(text);
    if (Number.isFinite(value) && (!integer || Number.isInteger(value)) && (zero ? value >= 0 : value > 0))
      return value;
    return fail(
      `--${option} must be ${integer ? 'a whole number' : 'a number'} ${zero ? '0 or more' : 'above 0'}, not "${text}"`,
    );
  };
  return { values, number, fail };
}

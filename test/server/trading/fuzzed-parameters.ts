import fc from 'fast-check';

/**
 * Contract parameters for fuzzing a kind of contract: each field mostly `plausible` (so the
 * handlers, not only the schema, see them), now and then `nasty`; the `optional` fields sometimes
 * left out; and now and then one of `forbidden`'s fields the kind must not have.
 */
export function fuzzedParameters(
  plausible: Record<string, fc.Arbitrary<unknown>>,
  optional: readonly string[],
  nasty: fc.Arbitrary<unknown>,
  forbidden: fc.Arbitrary<Record<string, unknown>>,
) {
  return fc
    .tuple(
      fc.record(
        Object.fromEntries(
          Object.entries(plausible).map(([field, value]) => [
            field,
            fc.oneof({ weight: 40, arbitrary: value }, { weight: 1, arbitrary: nasty }),
          ]),
        ),
        { requiredKeys: Object.keys(plausible).filter((field) => !optional.includes(field)) },
      ),
      forbidden,
    )
    .map(([params, extra]) => ({ ...params, ...extra }));
}

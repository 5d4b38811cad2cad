/** Reading a lens's parameter form against the catalogue's ranges. Pure, so it is unit-tested. */
import type { ParamInfo, MetricParams } from './protocol';

/**
 * The parameters a form holds, checked against the catalogue's ranges; errors name the
 * field. Empty fields and values equal to the default are left out (the core's default
 * applies); `seeds` are account ids for an `accounts` parameter.
 */
export function readParams(
  params: ParamInfo[],
  values: Record<string, string>,
  seeds: string[],
): { params: MetricParams; errors: string[] } {
  const result: MetricParams = {};
  const errors: string[] = [];
  for (const param of params) {
    if (param.type === 'accounts') {
      if (seeds.length) result[param.id] = seeds;
      continue;
    }
    const text = (values[param.id] ?? '').trim();
    if (text === '') continue;
    const value = Number(text);
    if (!Number.isFinite(value)) errors.push(`${param.name}: not a number.`);
    else if (param.integer && !Number.isInteger(value)) errors.push(`${param.name}: a whole number is needed.`);
    else if ((param.min !== undefined && value < param.min) || (param.max !== undefined && value > param.max))
      errors.push(`${param.name}: between ${param.min} and ${param.max}.`);
    else if (value !== param.default) result[param.id] = value;
  }
  return { params: result, errors };
}


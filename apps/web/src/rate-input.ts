// A rate as people type it, for the API: "12%", "１２％", "12" and "0.12" all mean twelve percent.
// The rule: a value with a percent sign, or a number of 1 or more (no contribution rate is 100% or
// more), is a percentage; a number below 1 is a decimal rate. The API reads "12%" and "0.12" itself.

/** What to send for a typed rate: undefined when the box is empty; a number of 1 or more gets its % sign. */
export function rateForApi(typed: string): string | undefined {
  const text = typed.normalize('NFKC').trim();
  if (text === '') return undefined;
  if (/^\d+(\.\d+)?$/.test(text) && Number(text) >= 1) return `${text}%`;
  return text;
}

/**
 * About how many tokens of a model's context something takes as JSON: a quarter of its length,
 * the usual rule of thumb for English and code (tokenizers differ by model; this is an estimate).
 */
export function estimateTokens(value: unknown): number {
  return Math.ceil(JSON.stringify(value).length / 4);
}

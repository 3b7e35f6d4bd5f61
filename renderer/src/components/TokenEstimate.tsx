/** An estimate of tokens as the UI writes it everywhere: `~1,234 tokens`. */
export const formatTokens = (tokens: number) => `~${tokens.toLocaleString('en')} tokens`;

/** A `<dt>`/`<dd>` pair: about how many tokens of a model's context the tool definitions clients see take. */
export function TokenEstimate({ tokens }: { tokens: number }) {
  return (
    <div>
      <dt>Tool definitions</dt>
      <dd className="tabular" title="About how many tokens of a model's context the definitions of the tools clients see take">
        {formatTokens(tokens)}
      </dd>
    </div>
  );
}

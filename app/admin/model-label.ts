/** The purchase models by the names the literature gives them (pure); the same in every language. */
const MODEL_LABELS: Record<string, string> = {
  bgnbd: "BG/NBD",
  mbgnbd: "MBG/NBD",
  pareto: "Pareto/NBD",
  mbgcnbd: "MBG/CNBD-k",
};

export const modelLabel = (name: string): string => MODEL_LABELS[name] ?? name;

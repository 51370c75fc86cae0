// The leadgate/lite declarations under strict TypeScript (compiled, not run:
// Node's fetch cannot load the wasm from a file URL).
import { loadScorer, LeadgateError, type Outcome } from "leadgate/lite";
import { compileModel, type Model } from "leadgate";

const model = {
  id: "lite", version: "1",
  stages: [{ stage: "SQL", if: { field: "form", equals: "demo" } }],
} satisfies Model<"SQL">;
const bytes: Uint8Array = compileModel(model);

export async function scoreWithLite(): Promise<Outcome<"SQL">> {
  const scorer = await loadScorer<"SQL">(bytes);
  const outcome = scorer.score({ form: "demo" }, { now: "2026-11-26T12:00:00Z" });
  const stage: "SQL" | "lead" = outcome.stage;
  void stage;
  return outcome;
}

export async function fromUrl(): Promise<string> {
  try {
    return (await loadScorer("https://example.invalid/model.lgm")).modelHash;
  } catch (e) {
    return e instanceof LeadgateError ? e.code : "other";
  }
}

// @ts-expect-error loadScorer takes compiled bytes or where to fetch them, not a model
void loadScorer(model);

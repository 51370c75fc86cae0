// Node ESM: one implementation for `import` and `require` (node.cjs), so an
// application that does both still has one LeadgateError class.
import leadgate from "./node.cjs";

export const { Scorer, LeadgateError, validateModel, compileModel, defaultModel, version, init, createScorer } = leadgate;

// "What changes": placeholder until the backtest is wired (see below).
export function setupWhatIf() {}

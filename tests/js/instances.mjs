// The package's entries keep their wasm instances private; a test that must
// reach one (to exhaust its memory, or measure it) imports this module before
// the package: every instance made afterwards is recorded, in order.
const RealInstance = WebAssembly.Instance;
export const instances = [];
WebAssembly.Instance = function (module, imports) {
  const instance = new RealInstance(module, imports);
  instances.push(instance);
  return instance;
};

/** Stops recording: later instances are made by WebAssembly.Instance itself. */
export function stopRecording() {
  WebAssembly.Instance = RealInstance;
}

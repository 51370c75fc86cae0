// Injected by scripts/build-pkg into the single-file kit for static hosts
// (static/leadgate-form.js): the form kit's `__LEADGATE_LITE__` becomes
// leadgate/lite, linked into the same file instead of imported at run time.
import * as lite from "../lite/index.js";

export { lite as __LEADGATE_LITE__ };

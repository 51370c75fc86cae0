// Deno: runs probe.mjs against the stub given as arguments and prints its result as JSON.
import { probe } from "./probe.mjs";

const [stubUrl, token] = Deno.args;
console.log(JSON.stringify(await probe({ stubUrl, token })));

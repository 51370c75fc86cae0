// A webhook receiver on 127.0.0.1 standing in for the sales team's endpoint:
// it logs every attempt, dedupes accepted deliveries by Idempotency-Key (as
// a real receiver must under at-least-once delivery), checks the HMAC
// signature, and can be told to fail, hang, or fail at random (seeded).
import { createServer } from "node:http";
import { createHmac, timingSafeEqual } from "node:crypto";

/** A small seeded PRNG (mulberry32): the same seed gives the same sequence. */
export function mulberry32(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/**
 * Starts the receiver. Modes (`setMode`):
 * - `{ mode: "ok" }`: accept (200).
 * - `{ mode: "down" }`: refuse everything with 503, record nothing.
 * - `{ mode: "hang", hangMs }`: answer nothing for hangMs (longer than the worker's timeout), then 200.
 * - `{ mode: "random", failRate, seed, hangMs }`: fail a `failRate` share at random: half refused
 *   (503, nothing recorded), a quarter recorded and then answered 500 (the sender must retry and
 *   the receiver must drop the repeat), a quarter hung past the sender's timeout then recorded.
 */
export async function startReceiver({ secret } = {}) {
  let state = { mode: "ok" };
  let rng = null;
  const attempts = []; // { key, path, result }
  const accepted = new Map(); // key -> { path, payload, copies }
  const timers = new Set();
  let badSignatures = 0;

  function accept(key, path, payload) {
    const seen = accepted.get(key);
    if (seen) seen.copies += 1; // a repeat: dropped by the idempotency key
    else accepted.set(key, { path, payload, copies: 1 });
  }

  const server = createServer((req, res) => {
    const chunks = [];
    let size = 0;
    req.on("data", (c) => {
      size += c.length;
      if (size <= 1 << 20) chunks.push(c);
    });
    req.on("end", () => {
      const raw = Buffer.concat(chunks);
      const key = req.headers["idempotency-key"] ?? null;
      let payload;
      // Each attempt keeps the owner its payload named (durable-crash.test.mjs: one owner per lead across copies).
      const answer = (status, result) => {
        attempts.push({ key, path: req.url, result, owner: payload?.owner?.id });
        res.writeHead(status, { "content-type": "application/json" });
        res.end(JSON.stringify({ result }));
      };
      if (req.method !== "POST" || !key) return answer(400, "bad_request");
      if (secret) {
        const want = Buffer.from(`sha256=${createHmac("sha256", secret).update(raw).digest("hex")}`);
        const got = Buffer.from(String(req.headers["x-leadgate-signature"] ?? ""));
        if (got.length !== want.length || !timingSafeEqual(got, want)) {
          badSignatures += 1;
          return answer(401, "bad_signature");
        }
      }
      try {
        payload = JSON.parse(raw.toString("utf8"));
      } catch {
        return answer(400, "bad_json");
      }
      let kind = "ok";
      if (state.mode === "down") kind = "refuse";
      else if (state.mode === "hang") kind = "hang";
      else if (state.mode === "random" && rng() < state.failRate) {
        const r = rng();
        kind = r < 0.5 ? "refuse" : r < 0.75 ? "commit-then-500" : "hang";
      }
      if (kind === "refuse") return answer(503, "refused");
      if (kind === "commit-then-500") {
        accept(key, req.url, payload);
        return answer(500, "committed-then-500");
      }
      if (kind === "hang") {
        const t = setTimeout(() => {
          timers.delete(t);
          accept(key, req.url, payload);
          if (!res.destroyed) answer(200, "late");
          else attempts.push({ key, path: req.url, result: "late-after-abort", owner: payload?.owner?.id });
        }, state.hangMs ?? 2_000);
        timers.add(t);
        return;
      }
      accept(key, req.url, payload);
      answer(200, "accepted");
    });
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    attempts,
    accepted,
    get badSignatures() {
      return badSignatures;
    },
    setMode(next) {
      state = { ...next };
      rng = next.mode === "random" ? mulberry32(next.seed ?? 1) : null;
    },
    reset() {
      attempts.length = 0;
      accepted.clear();
      badSignatures = 0;
    },
    /** Waits until no hung request is pending (bounded). */
    async settle(ms = 5_000) {
      const deadline = Date.now() + ms;
      while (timers.size > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    },
    async close() {
      for (const t of timers) clearTimeout(t);
      timers.clear();
      server.closeAllConnections();
      await new Promise((r) => server.close(r));
    },
  };
}

// The same connector calls in any runtime (Deno and workerd run this file;
// Node runs the other tests): an inbound mapping, a HubSpot delivery to the
// stub, the Standard Webhooks vector and a hostile payload's coded error.
import { hubspot, webhook, rdstation } from "../../pkg/connectors/index.js";

export async function probe({ stubUrl, token }) {
  const inbound = hubspot.toLead(JSON.stringify({ fields: [{ name: "email", value: "Ana@Acme.com.br" }, { name: "jobtitle", value: "CMO" }] }));
  const delivery = {
    submission_id: "sub-runtime-0001",
    lead: { email: "ana@acme.com.br", name: "Ana Souza", company: "Acme" },
    outcome: { stage: "SQL", score: 75, grade: "A", route: { team: "latam-sdr", respond_by: "2026-11-26T13:00:00Z" }, model: { hash: "3ed664db228cccfe" } },
  };
  const delivered = await hubspot.deliver(delivery, { apiBase: stubUrl, token });
  const refused = await hubspot.deliver(delivery, { apiBase: stubUrl, token: "wrong-token" });
  const vector = await webhook.sign("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, '{"test": 2432232314}');
  let hostile;
  try {
    rdstation.toLeads('{"leads": [{"email": "a@b.co", "email": "c@d.co"}]}');
  } catch (e) {
    hostile = { name: e.name, code: e.code };
  }
  return { inbound, delivered, refused: { ok: refused.ok, code: refused.code, retryable: refused.retryable }, vector, hostile };
}

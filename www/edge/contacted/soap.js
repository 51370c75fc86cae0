// Salesforce Outbound Messaging, read safely: the SOAP `notifications`
// message a Flow's (or a workflow rule's) Outbound Message action sends, and
// the `notificationsResponse` Ack that stops Salesforce resending it.
//
// Shape (https://developer.salesforce.com/docs/platform/api/guide/sforce-api-om-outboundmessaging-wsdl.html):
//   soapenv:Envelope / soapenv:Body / notifications (xmlns http://soap.sforce.com/2005/09/outbound)
//     OrganizationId, ActionId, SessionId (nil), EnterpriseUrl, PartnerUrl,
//     Notification (1–100): Id, sObject (xsi:type sf:Lead) with the chosen fields as sf:<Field>
//
// Not a general XML parser, on purpose: the message is flat and generated,
// so this reads exactly its elements. A DOCTYPE, an entity declaration or a
// processing instruction other than the XML declaration is refused (no entity
// expansion, no external fetches, ever); sizes and counts are bounded; only
// the five predefined entities and character references are decoded.

/** The answer Salesforce waits for: Ack true acknowledges every notification of the message. */
export const ACK = '<?xml version="1.0" encoding="UTF-8"?>\n'
  + '<soapenv:Envelope xmlns:soapenv="http://schemas.xmlsoap.org/soap/envelope/">'
  + '<soapenv:Body><notificationsResponse xmlns="http://soap.sforce.com/2005/09/outbound">'
  + "<Ack>true</Ack></notificationsResponse></soapenv:Body></soapenv:Envelope>";

/** Notifications per message (the WSDL's maxOccurs) and fields per sObject read. */
export const MAX_NOTIFICATIONS = 100;
const MAX_FIELDS = 200;

export class SoapError extends Error {}

const ENTITIES = { amp: "&", lt: "<", gt: ">", quot: '"', apos: "'" };

function text(raw) {
  // Every "&" must start one of these references; anything else is refused.
  return raw.replace(/&([^&;<\s]{0,32})(;?)/g, (m, e, semi) => {
    if (semi !== ";") throw new SoapError("a bare & in text");
    if (/^#x[0-9a-fA-F]{1,6}$|^#[0-9]{1,7}$/.test(e)) {
      const cp = e[1] === "x" ? Number.parseInt(e.slice(2), 16) : Number.parseInt(e.slice(1), 10);
      return cp > 0 && cp <= 0x10ffff && !(cp >= 0xd800 && cp <= 0xdfff) ? String.fromCodePoint(cp) : "\uFFFD";
    }
    if (Object.hasOwn(ENTITIES, e)) return ENTITIES[e];
    throw new SoapError(`unknown entity ${m}`);
  });
}

/** The elements directly named `local` (any prefix) in `xml`: [{ attrs, inner }], in order. */
function elements(xml, local, max) {
  const out = [];
  const open = new RegExp(`<(?:[A-Za-z_][\\w.-]*:)?${local}(\\s[^<>]*?)?(/?)>`, "g");
  let m;
  while ((m = open.exec(xml)) !== null) {
    if (out.length >= max) throw new SoapError(`more than ${max} ${local} elements`);
    if (m[2] === "/") {
      out.push({ attrs: m[1] ?? "", inner: null });
      continue;
    }
    const tag = m[0].slice(1).split(/[\s/>]/)[0];
    const close = xml.indexOf(`</${tag}>`, open.lastIndex);
    if (close < 0) throw new SoapError(`<${tag}> is not closed`);
    out.push({ attrs: m[1] ?? "", inner: xml.slice(open.lastIndex, close) });
    open.lastIndex = close + tag.length + 3;
  }
  return out;
}

function one(xml, local) {
  const [e] = elements(xml, local, 1_000);
  return e && e.inner !== null && !/<[A-Za-z]/.test(e.inner) ? text(e.inner.trim()) : null;
}

/**
 * Reads a notifications message (text). Resolves to { organizationId,
 * actionId, notifications: [{ id, type, fields: { Field: value | null } }] };
 * throws SoapError when the text is not one.
 */
export function readNotifications(xml) {
  if (/<!DOCTYPE|<!ENTITY|<\?(?!xml\s)/i.test(xml)) throw new SoapError("DOCTYPE, entity declarations and processing instructions are not accepted");
  const body = elements(xml, "Body", 2);
  if (body.length !== 1 || body[0].inner === null) throw new SoapError("not a SOAP envelope with one Body");
  const notes = elements(body[0].inner, "notifications", 2);
  if (notes.length !== 1 || notes[0].inner === null || !/xmlns(?::\w+)?="http:\/\/soap\.sforce\.com\/2005\/09\/outbound"/.test(notes[0].attrs + body[0].inner)) {
    throw new SoapError("no outbound-messaging notifications element");
  }
  const inner = notes[0].inner;
  const organizationId = one(inner, "OrganizationId");
  if (!organizationId) throw new SoapError("no OrganizationId");
  const notifications = elements(inner, "Notification", MAX_NOTIFICATIONS).map((n) => {
    if (n.inner === null) throw new SoapError("an empty Notification");
    const [obj] = elements(n.inner, "sObject", 2);
    if (!obj || obj.inner === null) throw new SoapError("a Notification without its sObject");
    const fields = {};
    const field = /<sf:([A-Za-z][A-Za-z0-9_]{0,79})(\s[^<>]*?)?(?:\/>|>([^<]*)<\/sf:\1>)/g;
    let m;
    let n2 = 0;
    while ((m = field.exec(obj.inner)) !== null) {
      if (++n2 > MAX_FIELDS) throw new SoapError(`more than ${MAX_FIELDS} fields in an sObject`);
      const nil = /xsi:nil="true"/.test(m[2] ?? "");
      fields[m[1]] = nil || m[3] === undefined ? null : text(m[3].trim());
    }
    const type = /xsi:type="(?:\w+:)?([A-Za-z][\w]*)"/.exec(obj.attrs)?.[1] ?? null;
    // The Notification's own Id precedes the sObject: read it outside it.
    const before = n.inner.slice(0, n.inner.indexOf(obj.inner));
    return { id: one(before, "Id"), type, fields };
  });
  if (notifications.length === 0) throw new SoapError("no Notification");
  return { organizationId, actionId: one(inner, "ActionId"), notifications };
}

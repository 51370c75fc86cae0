// The callbacks' fixtures against their schemas, and the Outbound Message
// reader (www/edge/contacted/soap.js) against the
// documented message and hostile variants: entity declarations, too many
// notifications, unclosed elements, another namespace, escapes. Pure JS,
// runs in Node (the route itself is tested on workerd and Deno in
// contacted.test.mjs).
import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { root } from "./harness.mjs";
import { readNotifications, SoapError, MAX_NOTIFICATIONS } from "../../www/edge/contacted/soap.js";

const xml = readFileSync(join(root, "tests/fixtures/connectors/salesforce/outbound-message-contacted.payload.xml"), "utf8");
const notification = /<Notification>[\s\S]*<\/Notification>/.exec(xml)[0];

test("the documented message: org, action, one Lead notification with its fields", () => {
  const m = readNotifications(xml);
  assert.equal(m.organizationId, "00D5e000000KQ2eEAG");
  assert.equal(m.actionId, "04k5e000000CaRkAAK");
  assert.deepEqual(m.notifications, [{
    id: "04l5e00000Gx7QzAAJ",
    type: "Lead",
    fields: {
      Id: "00Q5e00000AbCdEEAV", Email: "bob@bigcorp.com", LastModifiedDate: "2026-11-26T12:10:00.000Z",
      Leadgate_Submission_Id__c: "SUBMISSION-ID", OwnerId: "0055e000003XyZaAAK", Status: "Working - Contacted",
    },
  }]);
});

test("escapes decode; a nil field is null; 100 notifications are read, 101 refused", () => {
  const escaped = xml.replace("<sf:Status>Working - Contacted</sf:Status>", "<sf:Status>Working &amp; &#x43;ontacted &lt;1&gt;</sf:Status><sf:Phone xsi:nil=\"true\"/>");
  const f = readNotifications(escaped).notifications[0].fields;
  assert.equal(f.Status, "Working & Contacted <1>");
  assert.equal(f.Phone, null);
  const many = (n) => xml.replace(notification, notification.repeat(n));
  assert.equal(readNotifications(many(MAX_NOTIFICATIONS)).notifications.length, 100);
  assert.throws(() => readNotifications(many(MAX_NOTIFICATIONS + 1)), SoapError);
});

test("hostile: DOCTYPE / ENTITY, processing instructions, unknown entities, unclosed elements, other namespaces, no org, no Body", () => {
  const bad = [
    xml.replace("<soapenv:Envelope", '<!DOCTYPE e [<!ENTITY x SYSTEM "file:///etc/passwd">]><soapenv:Envelope'),
    xml.replace("<soapenv:Body>", "<?php echo 1; ?><soapenv:Body>"),
    xml.replace("bob@bigcorp.com", "&x;"),
    xml.replace("</notifications>", ""),
    xml.replace("http://soap.sforce.com/2005/09/outbound", "urn:other"),
    xml.replace(/<OrganizationId>.*<\/OrganizationId>/, ""),
    xml.replace(/<\/?soapenv:Body>/g, ""),
    xml.replace(notification, ""),
    "not xml at all",
    "",
  ];
  for (const [i, b] of bad.entries()) assert.throws(() => readNotifications(b), SoapError, `case ${i}`);
});

test("the JSON callback fixtures match the schemas written from the vendors' pages", async () => {
  const { default: Ajv } = await import("ajv");
  const ajv = new Ajv({ allErrors: true, strict: false });
  const dir = join(root, "tests/fixtures/connectors");
  for (const [payload, schema] of [
    ["hubspot/workflow-webhook-contacted.payload.json", "hubspot/workflow-webhook.payload.schema.json"],
    ["hubspot/workflow-webhook-custom.payload.json", "hubspot/workflow-webhook.payload.schema.json"],
    ["rdstation/webhook-marked-opportunity.payload.json", "rdstation/webhook-converted.payload.schema.json"],
    ["pipedrive/webhook-v2-activity-done.payload.json", "pipedrive/webhook-v2.payload.schema.json"],
  ]) {
    const check = ajv.compile(JSON.parse(readFileSync(join(dir, schema), "utf8")));
    assert.ok(check(JSON.parse(readFileSync(join(dir, payload), "utf8"))), `${payload}: ${ajv.errorsText(check.errors)}`);
  }
});

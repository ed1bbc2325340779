// Drives the SAP Cloud SDK client generated from the service's entity-set CSDL:
// node sap-roundtrip.js GENERATED_DIR ROOT_URL TOKEN (the client's service root is ROOT_URL/deviceManagement)
const assert = require("node:assert/strict");
const path = require("node:path");
const moment = require("moment");
const [generated, root, token] = process.argv.slice(2);
const { graphAudit } = require(path.resolve(generated, "service.js"));

async function main() {
  const { auditEventsApi, operations } = graphAudit();
  const destination = { url: `${root}/deviceManagement` };
  const auth = { Authorization: `Bearer ${token}` };
  const send = (request) => request.addCustomHeaders(auth).execute(destination);
  const events = auditEventsApi.requestBuilder();
  const category = `sap-${Date.now()}`;

  const event = auditEventsApi.entityBuilder().fromJson({
    displayName: "created by the SAP Cloud SDK", category, activityType: "Wipe",
    correlationId: "52effe71-fe71-52ef-71fe-ef5271feef52",
    resources: [{ displayName: "device", resourceId: "r1", modifiedProperties: [] }],
  });
  event.activityDateTime = moment.parseZone("2024-01-09T10:00:00.123+02:00");
  const created = await send(events.create(event));
  const id = created.id;
  assert.match(id, /^[0-9a-f-]{36}$/);

  assert.equal((await send(events.getByKey(id))).category, category);
  const page = await send(events.getAll().filter(auditEventsApi.schema.CATEGORY.equals(category)).top(1));
  assert.deepEqual(page.map((e) => e.id), [id]);
  assert.ok((await send(operations.getAuditCategories({}))).includes(category));
  assert.deepEqual(await send(operations.getAuditActivityTypes({ category })), ["Wipe"]);
  created.displayName = "patched by the SAP Cloud SDK";
  await send(events.update(created));
  const patched = await send(events.getByKey(id));
  assert.equal(patched.displayName, "patched by the SAP Cloud SDK");
  assert.equal(patched.resources[0].resourceId, "r1");
  await send(events.delete(id));
  await assert.rejects(send(events.getByKey(id)), (e) => e.cause?.response?.status === 404 || e.rootCause?.response?.status === 404);
  console.log("SAP Cloud SDK round trip passed");
}

main().catch((e) => { console.error(e); process.exit(1); });

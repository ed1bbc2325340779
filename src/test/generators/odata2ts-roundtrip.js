// Drives the odata2ts client generated from the service's $metadata: node odata2ts-roundtrip.js GENERATED_DIR ROOT_URL TOKEN
const assert = require("node:assert/strict");
const path = require("node:path");
const { FetchClient } = require("@odata2ts/http-client-fetch");
const [generated, root, token] = process.argv.slice(2);
const { GraphAuditService } = require(path.resolve(generated, "GraphAuditService.js"));

async function main() {
  const client = new FetchClient({ headers: { Authorization: `Bearer ${token}` } });
  const events = new GraphAuditService(client, root).deviceManagement().auditEvents();
  const category = `odata2ts-${Date.now()}`;

  const created = await events.create({
    displayName: "created by odata2ts", category, activityType: "Wipe",
    activityDateTime: "2024-01-09T10:00:00.1234567+02:00", correlationId: "52effe71-fe71-52ef-71fe-ef5271feef52",
    resources: [{ displayName: "device", resourceId: "r1", modifiedProperties: [] }],
  });
  assert.equal(created.status, 201);
  const id = created.data.id;
  const one = new GraphAuditService(client, root).deviceManagement().auditEvents(id);

  assert.equal((await one.query()).data.category, category);
  const page = await events.query((b, q) => b.filter(q.category.eq(category)).top(1));
  assert.deepEqual(page.data.value.map((e) => e.id), [id]);
  assert.ok((await events.getAuditCategories()).data.value.includes(category));
  assert.deepEqual((await events.getAuditActivityTypes({ category })).data.value, ["Wipe"]);
  await one.patch({ displayName: "patched by odata2ts" });
  const patched = (await one.query()).data;
  assert.equal(patched.displayName, "patched by odata2ts");
  assert.equal(patched.resources[0].resourceId, "r1");
  assert.equal((await one.delete()).status, 204);
  await assert.rejects(one.query(), (e) => e.status === 404);
  console.log("odata2ts round trip passed");
}

main().catch((e) => { console.error(e); process.exit(1); });

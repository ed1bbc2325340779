// Production code of a collector, unchanged but for its configuration (the environment below): Azure
// Identity's ClientSecretCredential or ClientCertificateCredential, and the Graph JavaScript client on
// TokenCredentialAuthenticationProvider. It lists every audit event page by page, creates one and
// reads it back, then prints what it saw as one JSON line. NODE_EXTRA_CA_CERTS trusts the dev certificate.
//
//   AZURE_AUTHORITY_HOST  https://127.0.0.1:8443 (graph-audit's HTTPS listener)
//   GRAPH_BASE            https://127.0.0.1:8443 (where Graph is)
//   GRAPH_VERSION         v1.0 or beta
//   AZURE_TENANT_ID, AZURE_CLIENT_ID, and AZURE_CLIENT_SECRET or AZURE_CLIENT_CERTIFICATE_PATH
import { ClientCertificateCredential, ClientSecretCredential } from "@azure/identity";
import { Client, PageIterator } from "@microsoft/microsoft-graph-client";
import { TokenCredentialAuthenticationProvider } from "@microsoft/microsoft-graph-client/authProviders/azureTokenCredentials/index.js";

const env = process.env;
const options = { authorityHost: env.AZURE_AUTHORITY_HOST, disableInstanceDiscovery: true };
const credential = env.AZURE_CLIENT_SECRET
  ? new ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, env.AZURE_CLIENT_SECRET, options)
  : new ClientCertificateCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID,
      { certificatePath: env.AZURE_CLIENT_CERTIFICATE_PATH }, options);

const client = Client.initWithMiddleware({
  authProvider: new TokenCredentialAuthenticationProvider(credential, {
    scopes: ["https://graph.microsoft.com/.default"],
  }),
  baseUrl: env.GRAPH_BASE,
  defaultVersion: env.GRAPH_VERSION,
  customHosts: new Set([new URL(env.GRAPH_BASE).hostname]),
});

const events = "/deviceManagement/auditEvents";
const ids = new Set();
let pages = 0;
const first = await client.api(events).header("Prefer", "odata.maxpagesize=40").get();
const iterator = new PageIterator(client, first, (event) => {
  ids.add(event.id);
  return true;
}, { headers: { Prefer: "odata.maxpagesize=40" } });
await iterator.iterate();
pages = 1 + Math.ceil(Math.max(0, ids.size - first.value.length) / 40);

const created = await client.api(events).post({
  "@odata.type": "#microsoft.graph.auditEvent",
  displayName: "created by the Node collector",
  activityDateTime: "2024-01-09T10:00:00Z",
  correlationId: "52effe71-fe71-52ef-71fe-ef5271feef52",
});
const read = await client.api(`${events}/${created.id}`).get();

let refused = null;
try {
  await new ClientSecretCredential(env.AZURE_TENANT_ID, env.AZURE_CLIENT_ID, "not-the-secret", options)
    .getToken("https://graph.microsoft.com/.default");
} catch (e) {
  refused = String(e.message).split("\n")[0];
}
console.log(JSON.stringify({ listed: ids.size, pages, created: created.id, read: read.displayName, refused }));

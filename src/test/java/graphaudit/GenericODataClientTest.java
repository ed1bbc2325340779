package graphaudit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.apache.olingo.client.api.ODataClient;
import org.apache.olingo.client.api.communication.request.ODataRequest;
import org.apache.olingo.client.api.domain.ClientComplexValue;
import org.apache.olingo.client.api.domain.ClientEntity;
import org.apache.olingo.client.api.domain.ClientEntitySet;
import org.apache.olingo.client.api.domain.ClientServiceDocument;
import org.apache.olingo.client.core.ODataClientFactory;
import org.apache.olingo.commons.api.edm.Edm;
import org.apache.olingo.commons.api.edm.EdmComplexType;
import org.apache.olingo.commons.api.edm.EdmEntityType;
import org.apache.olingo.commons.api.edm.EdmFunction;
import org.apache.olingo.commons.api.edm.EdmPrimitiveTypeKind;
import org.apache.olingo.commons.api.edm.FullQualifiedName;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * A generic OData v4 client that knows nothing of Graph (Apache Olingo's client, as OData tools and SDK
 * generators see the service): it parses both roots' $metadata into an EDM, reads the service document,
 * pages through the events by nextLink and reads one by key, with the typed values the EDM announces.
 */
class GenericODataClientTest {

  @RegisterExtension
  static final TestServer server = TestServer.withGeneratedEvents(250, 11);

  private static final String NS = "microsoft.graph";
  private static final ODataClient client = ODataClientFactory.getClient();

  @BeforeAll
  static void jsonOnly() {
    client.getConfiguration().setDefaultPubFormat(org.apache.olingo.commons.api.format.ContentType.JSON);
  }

  @Test
  void metadataOfBothRootsParsesIntoTheModel() {
    for (String version : List.of("v1.0", "beta")) {
      Edm edm = authorized(client.getRetrieveRequestFactory().getMetadataRequest(server.root(version)))
          .execute().getBody();
      EdmEntityType event = edm.getEntityType(new FullQualifiedName(NS, "auditEvent"));
      assertNotNull(event, version);
      assertEquals("id", event.getKeyPredicateNames().get(0));
      assertEquals("Edm.DateTimeOffset", event.getProperty("activityDateTime").getType().getFullQualifiedName()
          .getFullQualifiedNameAsString());
      EdmComplexType actor = edm.getComplexType(new FullQualifiedName(NS, "auditActor"));
      assertEquals(version.equals("beta"), actor.getPropertyNames().contains("userRoleScopeTags"), version);
      assertNotNull(edm.getEntityContainer().getSingleton("deviceManagement"), version);
      // bound to the collection of events; the CSDL names the type by Graph's alias, as Graph's does
      // (Olingo's client keeps the alias, so getBoundFunction() by full name does not find them)
      List<String> functions = edm.getSchema(NS).getFunctions().stream()
          .filter(f -> f.isBound() && f.isBindingParameterTypeCollection()
              && f.getBindingParameterTypeFqn().getName().equals("auditEvent"))
          .map(EdmFunction::getName).sorted().toList();
      assertEquals(List.of("getAuditActivityTypes", "getAuditCategories"), functions, version);
    }
  }

  @Test
  void serviceDocumentNamesTheSingleton() {
    ClientServiceDocument document = authorized(client.getRetrieveRequestFactory()
        .getServiceDocumentRequest(server.root("beta"))).execute().getBody();
    assertTrue(document.getSingletonNames().contains("deviceManagement"), document.getSingletonNames().toString());
  }

  @Test
  void pagesThroughEveryEventOnceByNextLinkWithTypedValues() {
    URI next = client.newURIBuilder(server.root("beta")).appendSingletonSegment("deviceManagement")
        .appendNavigationSegment("auditEvents").count(true).build();
    Set<String> seen = new HashSet<>();
    List<Integer> pageSizes = new ArrayList<>();
    Integer count = null;
    while (next != null) {
      ClientEntitySet page = authorized(client.getRetrieveRequestFactory().getEntitySetRequest(next))
          .execute().getBody();
      count = count == null ? page.getCount() : count;
      for (ClientEntity event : page.getEntities()) {
        assertTrue(seen.add(event.getProperty("id").getPrimitiveValue().toString()), "each event once");
        assertNotNull(event.getProperty("activityDateTime").getPrimitiveValue().toValue());
        ClientComplexValue actor = event.getProperty("actor").getComplexValue();
        assertTrue(actor.get("userPrincipalName").getPrimitiveValue().toString().endsWith("@contoso.onmicrosoft.com"));
        assertTrue(event.getProperty("resources").getCollectionValue().size() >= 1);
      }
      pageSizes.add(page.getEntities().size());
      next = page.getNext();
    }
    assertEquals(250, count);
    assertEquals(250, seen.size());
    assertEquals(List.of(100, 100, 50), pageSizes);
  }

  @Test
  void readsOneEventByKey() {
    String id = (String) server.generatedEvents().get(7).get("id");
    URI uri = client.newURIBuilder(server.root("v1.0")).appendSingletonSegment("deviceManagement")
        .appendNavigationSegment("auditEvents").appendKeySegment(id).build();
    ClientEntity event = authorized(client.getRetrieveRequestFactory().getEntityRequest(uri)).execute().getBody();
    assertEquals(id, event.getProperty("id").getPrimitiveValue().toString());
    assertEquals(server.generatedEvents().get(7).get("category"),
        event.getProperty("category").getPrimitiveValue().toString());
    assertNull(event.getProperty("actor").getComplexValue().get("userRoleScopeTags"), "beta-only, absent on v1.0");
  }

  @Test
  void createsAnEventItBuiltFromTheModel() {
    URI events = client.newURIBuilder(server.root("beta")).appendSingletonSegment("deviceManagement")
        .appendNavigationSegment("auditEvents").build();
    var factory = client.getObjectFactory();
    ClientEntity event = factory.newEntity(new FullQualifiedName(NS, "auditEvent"));
    event.getProperties().add(factory.newPrimitiveProperty("displayName",
        factory.newPrimitiveValueBuilder().buildString("made by a generic client")));
    event.getProperties().add(factory.newPrimitiveProperty("activityDateTime", factory.newPrimitiveValueBuilder()
        .setType(EdmPrimitiveTypeKind.DateTimeOffset).setValue(java.sql.Timestamp.valueOf("2016-05-01 10:00:00"))
        .build()));
    event.getProperties().add(factory.newPrimitiveProperty("correlationId", factory.newPrimitiveValueBuilder()
        .setType(EdmPrimitiveTypeKind.Guid).setValue(UUID.fromString("52effe71-fe71-52ef-71fe-ef5271feef52")).build()));
    ClientComplexValue actor = factory.newComplexValue(NS + ".auditActor");
    actor.add(factory.newPrimitiveProperty("userPrincipalName", factory.newPrimitiveValueBuilder().buildString("g@c.d")));
    event.getProperties().add(factory.newComplexProperty("actor", actor));

    ClientEntity created = authorized(client.getCUDRequestFactory().getEntityCreateRequest(events, event))
        .execute().getBody();

    String id = created.getProperty("id").getPrimitiveValue().toString();
    assertEquals("made by a generic client", created.getProperty("displayName").getPrimitiveValue().toString());
    Http.Response stored = server.http().get("/beta/deviceManagement/auditEvents/" + id);
    assertEquals(200, stored.status());
    assertEquals("g@c.d", stored.json().get("actor").get("userPrincipalName").asText());
    assertEquals(204, server.http().delete("/beta/deviceManagement/auditEvents/" + id).status()); // the others count 250
  }

  private static <T extends ODataRequest> T authorized(T request) {
    request.addCustomHeader("Authorization", "Bearer " + server.token());
    return request;
  }
}

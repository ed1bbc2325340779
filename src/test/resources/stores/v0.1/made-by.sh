set -e
cd /tmp/fx && rm -rf data *.json srv.log
J=/work/baseline/graph-audit-ab788d4.jar
java -jar $J generate --events 300 --seed 5 --data data > /dev/null 2>&1
java -jar $J --port 18777 --data data > srv.log 2>&1 &
PID=$!
for i in $(seq 1 50); do curl -s -o /dev/null http://127.0.0.1:18777/health && break; sleep 0.3; done
T=$(java -jar $J token --data data); T2=$(java -jar $J token --data data --tenant 3f6e1a2b-0c4d-4e5f-8a9b-1c2d3e4f5a6b); B=http://127.0.0.1:18777
post() { curl -s -o /dev/null -w "%{http_code} " -X POST "$B/$1/deviceManagement/auditEvents" -H "Authorization: Bearer $2" -H 'Content-Type: application/json' -d "$3"; }
post beta "$T" '{"id":"unicode-1","displayName":"Zoë ✓ 😀","componentName":"Ünïcode","actor":{"userPrincipalName":"zoë@contoso.com","userPermissions":["*"],"userRoleScopeTags":[{"displayName":"Tag é","roleScopeTagId":"7"}],"remoteTenantId":"rt","remoteUserId":"ru"},"activity":"act","activityDateTime":"2024-03-01T10:00:00.1234567+01:00","correlationId":"11111111-2222-3333-4444-555555555555","resources":[{"displayName":"R","modifiedProperties":[{"displayName":"P","oldValue":"a","newValue":"b"}],"type":"T","resourceId":"rid-1"}],"category":"Device"}'
post v1.0 "$T" '{"id":"v1-created","displayName":"From v1","activityDateTime":"2023-01-01T00:00:00Z","correlationId":"21111111-2222-3333-4444-555555555555","category":"Compliance","activityType":"Create Policy"}'
post beta "$T" '{"id":"to-delete","activityDateTime":"2023-01-02T00:00:00Z","correlationId":"31111111-2222-3333-4444-555555555555"}'
post beta "$T" '{"id":"minimal","activityDateTime":"2023-01-03T00:00:00Z","correlationId":"41111111-2222-3333-4444-555555555555"}'
post beta "$T2" '{"id":"other-tenant","displayName":"Elsewhere","activityDateTime":"2022-05-05T05:05:05.5Z","correlationId":"51111111-2222-3333-4444-555555555555","category":"Role"}'
curl -s -o /dev/null -w "%{http_code} " -X PATCH "$B/beta/deviceManagement/auditEvents/v1-created" -H "Authorization: Bearer $T" -H 'Content-Type: application/json' -d '{"displayName":"Patched","actor":{"remoteUserId":"patched-user"}}'
curl -s -o /dev/null -w "%{http_code}\n" -X DELETE "$B/beta/deviceManagement/auditEvents/to-delete" -H "Authorization: Bearer $T"
for root in beta v1.0; do for tn in 1 2; do TK=$T; [ $tn = 2 ] && TK=$T2
  curl -s "$B/$root/deviceManagement/auditEvents?\$top=999&\$count=true" -H "Authorization: Bearer $TK" > expected-$root-$tn.json
  curl -s "$B/$root/deviceManagement/auditEvents/getAuditCategories()" -H "Authorization: Bearer $TK" > categories-$root-$tn.json
done; done
kill -TERM $PID; wait $PID || true
ls -la . data   # committed as store-0.1/ (a directory named data/ reads as a service's own)

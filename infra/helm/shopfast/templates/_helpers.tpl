{{/*
Names, labels and the shared pieces of every workload. Components are named <fullname>-<component>:
the nine apps by their app name (files/apps.json), the edge, the stores, the jobs.
*/}}

{{- define "shopfast.fullname" -}}
{{- if .Values.fullnameOverride -}}
{{- .Values.fullnameOverride | trunc 40 | trimSuffix "-" -}}
{{- else if contains "shopfast" .Release.Name -}}
{{- .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- else -}}
{{- printf "%s-shopfast" .Release.Name | trunc 40 | trimSuffix "-" -}}
{{- end -}}
{{- end -}}

{{/* <fullname>-<component>: Deployment, Service, NetworkPolicy... of one component. */}}
{{- define "shopfast.componentName" -}}
{{- printf "%s-%s" (include "shopfast.fullname" .ctx) .component -}}
{{- end -}}

{{/* The version every app reports (DD_VERSION, tags.datadoghq.com/version): the image tag, by default the shop's version. */}}
{{- define "shopfast.version" -}}
{{- .Values.image.tag | default .Chart.AppVersion -}}
{{- end -}}

{{/* Selects the pods of one component; never changes once installed. */}}
{{- define "shopfast.selectorLabels" -}}
app.kubernetes.io/name: shopfast
app.kubernetes.io/instance: {{ .ctx.Release.Name }}
app.kubernetes.io/component: {{ .component }}
{{- end -}}

{{/* Every object's labels. */}}
{{- define "shopfast.labels" -}}
{{ include "shopfast.selectorLabels" . }}
app.kubernetes.io/part-of: shopfast
app.kubernetes.io/version: {{ include "shopfast.version" .ctx | quote }}
app.kubernetes.io/managed-by: {{ .ctx.Release.Service }}
helm.sh/chart: {{ printf "%s-%s" .ctx.Chart.Name .ctx.Chart.Version }}
{{- end -}}

{{/*
Unified service tagging (docs.datadoghq.com/getting_started/tagging/unified_service_tagging, Kubernetes):
on the Deployment and on its pod template; the containers read them back through the downward API.
.service: the DD_SERVICE, .version: the version tag.
*/}}
{{- define "shopfast.datadogTags" -}}
tags.datadoghq.com/env: {{ .ctx.Values.datadog.env | quote }}
tags.datadoghq.com/service: {{ .service | quote }}
tags.datadoghq.com/version: {{ .version | quote }}
{{- end -}}

{{/* Pod labels of a workload the Datadog admission controller should configure (agent host, origin detection, tags). */}}
{{- define "shopfast.admissionLabel" -}}
{{- if .Values.datadog.admissionController }}
admission.datadoghq.com/enabled: "true"
{{- else }}
admission.datadoghq.com/enabled: "false"
{{- end }}
{{- end -}}

{{/* The pod-level half of the restricted Pod Security Standard (plus the uid the image's user has). */}}
{{- define "shopfast.podSecurityContext" -}}
runAsNonRoot: true
runAsUser: {{ .uid }}
runAsGroup: {{ .gid | default .uid }}
fsGroup: {{ .gid | default .uid }}
fsGroupChangePolicy: OnRootMismatch
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The container-level half: no privilege escalation, every capability dropped, root filesystem read-only. */}}
{{- define "shopfast.containerSecurityContext" -}}
allowPrivilegeEscalation: false
privileged: false
readOnlyRootFilesystem: {{ if hasKey . "readOnlyRootFilesystem" }}{{ .readOnlyRootFilesystem }}{{ else }}true{{ end }}
runAsNonRoot: true
capabilities:
  drop: ["ALL"]
seccompProfile:
  type: RuntimeDefault
{{- end -}}

{{/* The app definitions generated from scripts/stack/app-services.ts (scripts/k8s/chart-apps.ts). */}}
{{- define "shopfast.apps" -}}
{{- .Files.Get "files/apps.json" | fromJson | toJson -}}
{{- end -}}

{{/* One app's settings: apps.defaults, then apps.<name> (a deep merge: set only what differs). */}}
{{- define "shopfast.appSettings" -}}
{{- $defaults := deepCopy .ctx.Values.apps.defaults -}}
{{- $own := get .ctx.Values.apps .name | default dict -}}
{{- mergeOverwrite $defaults (deepCopy $own) | toJson -}}
{{- end -}}

{{/* An app image: apps.<name>.image.repository, else <image.repository>/<name>; the tag defaults to the shop's version. */}}
{{- define "shopfast.image" -}}
{{- $image := .settings.image | default dict -}}
{{- $repository := $image.repository | default (printf "%s/%s" .ctx.Values.image.repository .name) -}}
{{- $tag := $image.tag | default (include "shopfast.version" .ctx) -}}
{{- if .ctx.Values.image.registry -}}
{{- printf "%s/%s:%s" .ctx.Values.image.registry $repository $tag -}}
{{- else -}}
{{- printf "%s:%s" $repository $tag -}}
{{- end -}}
{{- end -}}

{{/* The cluster address of a component's Service, fully qualified (the edge's resolver does not search). */}}
{{- define "shopfast.serviceHost" -}}
{{- printf "%s.%s.svc.%s" (include "shopfast.componentName" .) .ctx.Release.Namespace .ctx.Values.clusterDomain -}}
{{- end -}}

{{/* The cluster DNS the edge's NGINX asks: edge.resolver, else kube-dns in networkPolicy.dns.namespace under clusterDomain. */}}
{{- define "shopfast.resolver" -}}
{{- .Values.edge.resolver | default (printf "kube-dns.%s.svc.%s" .Values.networkPolicy.dns.namespace .Values.clusterDomain) -}}
{{- end -}}

{{/* Whether a store runs in the cluster (values.yaml) or is reached at stores.<name>.external.url (values-scaled.yaml). */}}
{{- define "shopfast.storeInCluster" -}}
{{- $store := get .ctx.Values.stores .store -}}
{{- if $store.external.url -}}false{{- else if $store.inCluster -}}true{{- else -}}
{{- fail (printf "stores.%s: set inCluster: true or external.url" .store) -}}
{{- end -}}
{{- end -}}

{{/*
The URL an app gets for a store: the in-cluster Service, or stores.<name>.external.url, with the app's own path
(.path: its database, `/0`, or '') put where a path goes, before the external URL's query
(`postgres://shopfast@db:5432?sslmode=require` -> `postgres://shopfast@db:5432/shopfast_user?sslmode=require`).
An external URL with a path of its own is refused: each app appends its database.
*/}}
{{- define "shopfast.storeUrl" -}}
{{- $store := get .ctx.Values.stores .store -}}
{{- if eq (include "shopfast.storeInCluster" .) "false" -}}
{{- $url := urlParse $store.external.url -}}
{{- if not (has $url.path (list "" "/")) -}}
{{- fail (printf "stores.%s.external.url must have no path (%s): each service adds its own database; options go in the query (?sslmode=require)" .store $store.external.url) -}}
{{- end -}}
{{- $_ := set $url "path" .path -}}
{{- urlJoin $url -}}
{{- else -}}
{{- $host := include "shopfast.serviceHost" (dict "ctx" .ctx "component" .store) -}}
{{- printf "%s%s:%v%s" $store.scheme $host $store.port .path -}}
{{- end -}}
{{- end -}}

{{/* stores.<name>.external.existingSecret ({name, key}) when the store is managed and one is named, else empty. */}}
{{- define "shopfast.storeUrlSecret" -}}
{{- $store := get .ctx.Values.stores .store -}}
{{- if and (eq (include "shopfast.storeInCluster" .) "false") $store.external.existingSecret -}}
{{- if $store.external.existingSecret.name -}}
{{- $store.external.existingSecret | toJson -}}
{{- end -}}
{{- end -}}
{{- end -}}

{{/* The port of a store: the in-cluster Service's, or the one its external URL names (required there). */}}
{{- define "shopfast.storePort" -}}
{{- $store := get .ctx.Values.stores .store -}}
{{- if eq (include "shopfast.storeInCluster" .) "false" -}}
{{- $host := (urlParse $store.external.url).host -}}
{{- if not (contains ":" $host) -}}
{{- fail (printf "stores.%s.external.url must name its port (NetworkPolicies open exactly that port): %s" .store $store.external.url) -}}
{{- end -}}
{{- splitList ":" $host | last -}}
{{- else -}}
{{- $store.port -}}
{{- end -}}
{{- end -}}

{{/* Name of the Secret holding the generated files (keys, tokens, passwords). */}}
{{- define "shopfast.secretName" -}}
{{- .Values.secrets.existingSecret | default (printf "%s-secrets" (include "shopfast.fullname" .)) -}}
{{- end -}}

{{/*
The Secret the Datadog agent may read (its secret backend): only the in-cluster PostgreSQL's `datadog` password
(key datadog-postgres-password), a copy the secrets Job keeps beside <fullname>-secrets, so the agent is never
granted the apps' keys, the admin token or the superuser password. With secrets.existingSecret, you make it too.
*/}}
{{- define "shopfast.datadogSecretName" -}}
{{- if .Values.secrets.existingSecret -}}
{{- required "secrets.existingDatadogSecret: with secrets.existingSecret, name the Secret holding only datadog-postgres-password (the one the Datadog agent may read)" .Values.secrets.existingDatadogSecret -}}
{{- else -}}
{{- printf "%s-datadog" (include "shopfast.fullname" .) -}}
{{- end -}}
{{- end -}}

{{/*
The incident service's scaler, for the app whose apps.<name>.rbac.scaleDeployments is on (.name): JSON
{enabled, scaler, targets, allowed, max}. It scales (SCALER=kubernetes) only the apps without an HPA: an HPA sets
the replica count itself and would undo a manual scale-up at its next sync (a patched replica count is not one of
its recommendations). With every app under an HPA it only records what it would do (SCALER=log): the HPAs are the
scaler. max (SCALE_MAX) is the smallest autoscaling.maxReplicas of the apps it may scale.
*/}}
{{- define "shopfast.scaling" -}}
{{- $settings := include "shopfast.appSettings" (dict "ctx" .ctx "name" .name) | fromJson -}}
{{- $enabled := and $settings.rbac $settings.rbac.scaleDeployments | default false -}}
{{- $targets := list -}}
{{- $others := list -}}
{{- $targetsMax := 0 -}}
{{- $othersMax := 0 -}}
{{- range $app := (include "shopfast.apps" .ctx | fromJson).apps -}}
{{- if ne $app.name $.name -}}
{{- $own := include "shopfast.appSettings" (dict "ctx" $.ctx "name" $app.name) | fromJson -}}
{{- $appMax := int $own.autoscaling.maxReplicas -}}
{{- $others = append $others $app.name -}}
{{- if or (eq $othersMax 0) (lt $appMax $othersMax) -}}{{- $othersMax = $appMax -}}{{- end -}}
{{- if not $own.autoscaling.enabled -}}
{{- $targets = append $targets $app.name -}}
{{- if or (eq $targetsMax 0) (lt $appMax $targetsMax) -}}{{- $targetsMax = $appMax -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- end -}}
{{- if and $enabled $targets -}}
{{- dict "enabled" true "scaler" "kubernetes" "targets" $targets "allowed" $targets "max" $targetsMax | toJson -}}
{{- else -}}
{{- dict "enabled" $enabled "scaler" "log" "targets" list "allowed" $others "max" $othersMax | toJson -}}
{{- end -}}
{{- end -}}

{{/* Apps whose environment calls `.name` (the code's call graph): a list of app names. */}}
{{- define "shopfast.callers" -}}
{{- $callers := list -}}
{{- range $app := (include "shopfast.apps" .ctx | fromJson).apps -}}
{{- range $key, $peer := $app.peers -}}
{{- if eq $peer $.name -}}{{- $callers = append $callers $app.name -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- $callers | uniq | toJson -}}
{{- end -}}

{{/* Apps that use a store: a list of app names. */}}
{{- define "shopfast.storeOwners" -}}
{{- $owners := list -}}
{{- range $app := (include "shopfast.apps" .ctx | fromJson).apps -}}
{{- range $key, $ref := $app.stores -}}
{{- if eq $ref.store $.store -}}{{- $owners = append $owners $app.name -}}{{- end -}}
{{- end -}}
{{- end -}}
{{- $owners | uniq | toJson -}}
{{- end -}}

{{/* NetworkPolicy egress: DNS (the cluster DNS pods) and the Datadog agent (hostPort on every node: see docs/kubernetes.md). */}}
{{- define "shopfast.egressDnsAndAgent" -}}
- to:
    - namespaceSelector:
        matchLabels:
          kubernetes.io/metadata.name: {{ .Values.networkPolicy.dns.namespace }}
      podSelector:
        matchLabels:
          {{- toYaml .Values.networkPolicy.dns.podLabels | nindent 10 }}
  ports:
    - {port: 53, protocol: UDP}
    - {port: 53, protocol: TCP}
# The agent listens on hostPorts of the node the pod runs on (status.hostIP); which address a policy then sees
# (the node's or the agent pod's) depends on the network plugin, so only the ports are pinned.
- ports:
    - {port: {{ .Values.datadog.agent.apmPort }}, protocol: TCP}
    - {port: {{ .Values.datadog.agent.dogstatsdPort }}, protocol: UDP}
{{- end -}}

{{/* NetworkPolicy egress to the Kubernetes API server (the secrets Job, the incident service's scaler). */}}
{{- define "shopfast.egressApiServer" -}}
- to:
    {{- range .Values.networkPolicy.apiServer.cidrs }}
    - ipBlock:
        cidr: {{ . }}
    {{- end }}
  ports:
    {{- range .Values.networkPolicy.apiServer.ports }}
    - {port: {{ . }}, protocol: TCP}
    {{- end }}
{{- end -}}

{{/* The NetworkPolicy peer for pods of the Datadog agent's namespace (its checks reach the stores, the gateway's /metrics, the edge's status). */}}
{{- define "shopfast.fromDatadog" -}}
- namespaceSelector:
    matchLabels:
      kubernetes.io/metadata.name: {{ .Values.datadog.namespace }}
{{- end -}}

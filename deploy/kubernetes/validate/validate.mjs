// Validates rendered Kubernetes manifests offline (run by ../validate.sh, which says how):
//   node validate.mjs --write            regenerate the derived files under base/ (generate.mjs)
//   node validate.mjs FILE...            FILE = the output of `kubectl kustomize <dir>`; exit 1 on any problem:
//     - the derived files under base/ equal what generate.mjs makes from the project's sources now;
//     - every built-in object against the Kubernetes OpenAPI schemas (kubernetes-models' validators);
//     - every operator object against validate/crds.mjs; an object of any other kind is an error;
//     - references inside the rendering: ConfigMaps a workload reads exist, every Service/HPA/PDB selects or targets a
//       Deployment, each service's probes are Quarkus' /q/health/started|ready|live on its port named management (the
//       management interface), containers non-root with a
//       read-only root filesystem and resources set.
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import YAML from "yaml";
import Ajv from "ajv";
import { generated } from "./generate.mjs";
import { CRD_SCHEMAS } from "./crds.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const kdir = resolve(here, "..");
const top = resolve(kdir, "../..");
const args = process.argv.slice(2);

if (args[0] === "--write") {
  for (const [rel, text] of Object.entries(generated(top))) writeFileSync(join(kdir, rel), text);
  console.log("wrote " + Object.keys(generated(top)).join(", "));
  process.exit(0);
}

const problems = [];
const problem = (where, msg) => problems.push(`${where}: ${msg}`);

// 1. derived files up to date
if (!args.includes("--no-derived")) {
  for (const [rel, text] of Object.entries(generated(top))) {
    let have = null;
    try { have = readFileSync(join(kdir, rel), "utf8"); } catch { /* missing */ }
    if (have !== text) problem(`deploy/kubernetes/${rel}`, "out of date with its source: run deploy/kubernetes/validate.sh --write");
  }
}

const ajv = new Ajv({ allErrors: true, strict: false });
const crdValidators = Object.fromEntries(Object.entries(CRD_SCHEMAS).map(([k, s]) => [k, ajv.compile(s)]));

async function builtinModel(apiVersion, kind) {
  const path = apiVersion.includes("/") ? apiVersion : `v1`;
  try {
    const mod = await import(`kubernetes-models/${path}/${kind}`);
    return mod[kind];
  } catch { return null; }
}

let count = 0;
for (const file of args.filter((a) => !a.startsWith("--"))) {
  const docs = YAML.parseAllDocuments(readFileSync(file, "utf8"));
  const objects = [];
  for (const d of docs) {
    if (d.errors.length) { problem(file, d.errors.map((e) => e.message).join("; ")); continue; }
    const o = d.toJS();
    if (o) objects.push(o);
  }
  if (objects.length === 0) problem(file, "no objects rendered");
  const byKind = (k) => objects.filter((o) => o.kind === k);
  for (const o of objects) {
    count++;
    const where = `${file}: ${o.kind ?? "?"}/${o.metadata?.name ?? "?"}`;
    if (!o.apiVersion || !o.kind) { problem(where, "no apiVersion or kind"); continue; }
    const crd = crdValidators[`${o.apiVersion}/${o.kind}`];
    if (crd) {
      if (!crd(o)) for (const e of crd.errors) problem(where, `${e.instancePath || "/"} ${e.message}${e.params?.additionalProperty ? ` '${e.params.additionalProperty}'` : ""}`);
      continue;
    }
    const Model = await builtinModel(o.apiVersion, o.kind);
    if (!Model) { problem(where, `unknown kind ${o.apiVersion} ${o.kind}: neither a Kubernetes kind nor an operator kind in crds.mjs`); continue; }
    try { new Model(o).validate(); } catch (e) { problem(where, e.message); }
  }
  // 2. references and the project's rules
  const names = (k) => new Set(byKind(k).map((o) => o.metadata.name));
  const configMaps = names("ConfigMap");
  const deployments = byKind("Deployment");
  const matches = (sel, labels) => sel && Object.entries(sel).every(([k, v]) => labels?.[k] === v);
  for (const d of deployments) {
    const where = `${file}: Deployment/${d.metadata.name}`;
    const pod = d.spec?.template?.spec ?? {};
    if (pod.securityContext?.runAsNonRoot !== true) problem(where, "pod securityContext.runAsNonRoot must be true");
    for (const v of pod.volumes ?? []) if (v.configMap && !configMaps.has(v.configMap.name)) problem(where, `volume reads ConfigMap ${v.configMap.name}, which is not rendered`);
    for (const c of pod.containers ?? []) {
      const cw = `${where} container ${c.name}`;
      for (const e of c.envFrom ?? []) if (e.configMapRef && !configMaps.has(e.configMapRef.name)) problem(cw, `envFrom ConfigMap ${e.configMapRef.name} is not rendered`);
      for (const e of c.env ?? []) { const r = e.valueFrom?.configMapKeyRef; if (r && !configMaps.has(r.name)) problem(cw, `env ${e.name} reads ConfigMap ${r.name}, not rendered`); }
      if (c.securityContext?.readOnlyRootFilesystem !== true) problem(cw, "readOnlyRootFilesystem must be true");
      if (c.securityContext?.allowPrivilegeEscalation !== false) problem(cw, "allowPrivilegeEscalation must be false");
      if (!c.resources?.requests?.cpu || !c.resources?.requests?.memory || !c.resources?.limits?.memory) problem(cw, "resources: cpu and memory requests and a memory limit");
      for (const p of ["startupProbe", "readinessProbe", "livenessProbe"]) if (!c[p]) problem(cw, `no ${p}`);
      if (d.metadata.name !== "edge") {
        const want = { startupProbe: "/q/health/started", readinessProbe: "/q/health/ready", livenessProbe: "/q/health/live" };
        for (const [p, path] of Object.entries(want)) if (c[p] && c[p].httpGet?.path !== path) problem(cw, `${p} must get ${path}`);
        // health is on the management interface (issue 17): the probes use the container's port named management
        for (const p of Object.keys(want)) if (c[p] && c[p].httpGet?.port !== "management") problem(cw, `${p} must use the port named management`);
        if (!(c.ports ?? []).some((port) => port.name === "management")) problem(cw, "no container port named management");
      }
    }
    if (!byKind("HorizontalPodAutoscaler").some((h) => h.spec?.scaleTargetRef?.kind === "Deployment" && h.spec.scaleTargetRef.name === d.metadata.name)) problem(where, "no HorizontalPodAutoscaler");
    if (!byKind("PodDisruptionBudget").some((p) => matches(p.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels))) problem(where, "no PodDisruptionBudget");
  }
  const depNames = new Set(deployments.map((d) => d.metadata.name));
  for (const h of byKind("HorizontalPodAutoscaler")) if (!depNames.has(h.spec?.scaleTargetRef?.name)) problem(`${file}: HorizontalPodAutoscaler/${h.metadata.name}`, `targets ${h.spec?.scaleTargetRef?.name}, no such Deployment`);
  for (const s of byKind("Service")) if (!deployments.some((d) => matches(s.spec?.selector, d.spec?.template?.metadata?.labels))) problem(`${file}: Service/${s.metadata.name}`, "selects no Deployment's pods");
  for (const p of byKind("PodDisruptionBudget")) if (!deployments.some((d) => matches(p.spec?.selector?.matchLabels, d.spec?.template?.metadata?.labels))) problem(`${file}: PodDisruptionBudget/${p.metadata.name}`, "selects no Deployment's pods");
  for (const t of byKind("KafkaTopic")) if (!byKind("Kafka").some((k) => k.metadata.name === t.metadata?.labels?.["strimzi.io/cluster"])) problem(`${file}: KafkaTopic/${t.metadata.name}`, "its strimzi.io/cluster is not a rendered Kafka");
  for (const r of byKind("KeycloakRealmImport")) if (!byKind("Keycloak").some((k) => k.metadata.name === r.spec?.keycloakCRName)) problem(`${file}: KeycloakRealmImport/${r.metadata.name}`, "keycloakCRName is not a rendered Keycloak");
  for (const db of byKind("Database")) if (!byKind("Cluster").some((c) => c.metadata.name === db.spec?.cluster?.name)) problem(`${file}: Database/${db.metadata.name}`, "its cluster is not a rendered Cluster");
}

if (problems.length) {
  for (const p of problems) console.error("INVALID " + p);
  console.error(`${count} objects checked, ${problems.length} problems`);
  process.exit(1);
}
console.log(`${count} objects valid`);

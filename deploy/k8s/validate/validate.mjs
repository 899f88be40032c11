#!/usr/bin/env node
// Validates rendered Kubernetes manifests (for example the output of
// `kubectl kustomize deploy/k8s/overlays/production`).
//
//   kubectl kustomize deploy/k8s/overlays/dev | node deploy/k8s/validate/validate.mjs
//   node deploy/k8s/validate/validate.mjs rendered.yaml
//
// Built-in kinds are checked against the Kubernetes OpenAPI schemas shipped
// in kubernetes-models. The operators' custom resources (RabbitMQ, CloudNativePG
// and its Barman Cloud plugin) have no schema there, so each known kind is
// checked for its shape: apiVersion, kind, metadata.name, spec, and the spec
// fields this deployment relies on. An apiVersion/kind that is neither built
// in nor known here is an error (fail closed: a typo must not pass).
//
// Prints one line per object and exits 1 if any object is invalid, or if the
// input holds no object at all.

import { readFileSync } from "node:fs";
import { parseAllDocuments } from "yaml";

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const QUANTITY = /^[0-9]+(\.[0-9]+)?(m|k|M|G|T|P|E|Ki|Mi|Gi|Ti|Pi|Ei)?$/;

// --- custom resources: the fields this deployment depends on ---------------
// Each rule: [dotted path, type, options]. type: string | integer | boolean |
// object | array | quantity. options: { required, min, oneOf, pattern }.
const CRD_RULES = {
  "rabbitmq.com/v1beta1/RabbitmqCluster": [
    ["spec.replicas", "integer", { required: true, min: 1 }],
    ["spec.persistence.storage", "quantity", {}],
    ["spec.resources", "object", {}],
    ["spec.rabbitmq.additionalConfig", "string", {}],
    ["spec.rabbitmq.additionalPlugins", "array", {}],
    ["spec.affinity", "object", {}],
  ],
  "rabbitmq.com/v1beta1/Vhost": [
    ["spec.name", "string", { required: true }],
    ["spec.defaultQueueType", "string", { oneOf: ["quorum", "classic", "stream"] }],
    ["spec.rabbitmqClusterReference.name", "string", { required: true }],
  ],
  "rabbitmq.com/v1beta1/User": [
    ["spec.importCredentialsSecret.name", "string", {}],
    ["spec.tags", "array", {}],
    ["spec.rabbitmqClusterReference.name", "string", { required: true }],
  ],
  "rabbitmq.com/v1beta1/Permission": [
    ["spec.vhost", "string", { required: true }],
    ["spec.permissions.configure", "string", {}],
    ["spec.permissions.write", "string", {}],
    ["spec.permissions.read", "string", {}],
    ["spec.rabbitmqClusterReference.name", "string", { required: true }],
  ],
  "rabbitmq.com/v1beta1/Policy": [
    ["spec.name", "string", { required: true }],
    ["spec.pattern", "string", { required: true }],
    ["spec.definition", "object", { required: true }],
    ["spec.rabbitmqClusterReference.name", "string", { required: true }],
  ],
  "postgresql.cnpg.io/v1/Cluster": [
    ["spec.instances", "integer", { required: true, min: 1 }],
    ["spec.imageName", "string", {}],
    ["spec.storage.size", "quantity", { required: true }],
    ["spec.resources", "object", {}],
    ["spec.postgresql.parameters", "object", {}],
    ["spec.postgresql.synchronous.method", "string", { oneOf: ["any", "first"] }],
    ["spec.postgresql.synchronous.number", "integer", { min: 1 }],
    ["spec.affinity.podAntiAffinityType", "string", { oneOf: ["preferred", "required"] }],
    ["spec.bootstrap.initdb.database", "string", {}],
    ["spec.bootstrap.initdb.owner", "string", {}],
    ["spec.bootstrap.initdb.secret.name", "string", {}],
    ["spec.bootstrap.initdb.postInitApplicationSQL", "array", {}],
    ["spec.plugins", "array", {}],
  ],
  "postgresql.cnpg.io/v1/Database": [
    ["spec.name", "string", { required: true }],
    ["spec.owner", "string", { required: true }],
    ["spec.cluster.name", "string", { required: true }],
  ],
  "postgresql.cnpg.io/v1/ScheduledBackup": [
    // CloudNativePG schedules have six fields: seconds come first.
    ["spec.schedule", "string", { required: true, pattern: /^\S+( \S+){5}$/ }],
    ["spec.cluster.name", "string", { required: true }],
    ["spec.method", "string", { oneOf: ["barmanObjectStore", "volumeSnapshot", "plugin"] }],
    ["spec.pluginConfiguration.name", "string", {}],
  ],
  "postgresql.cnpg.io/v1/Backup": [
    ["spec.cluster.name", "string", { required: true }],
    ["spec.method", "string", { oneOf: ["barmanObjectStore", "volumeSnapshot", "plugin"] }],
  ],
  "barmancloud.cnpg.io/v1/ObjectStore": [
    ["spec.configuration.destinationPath", "string", { required: true }],
    ["spec.retentionPolicy", "string", { pattern: /^[1-9][0-9]*[dwm]$/ }],
  ],
};

function get(obj, dotted) {
  let cur = obj;
  for (const part of dotted.split(".")) {
    if (cur === null || typeof cur !== "object" || !(part in cur)) return undefined;
    cur = cur[part];
  }
  return cur;
}

function typeError(value, type) {
  switch (type) {
    case "string": return typeof value === "string" ? null : "must be a string";
    case "integer": return Number.isInteger(value) ? null : "must be an integer";
    case "boolean": return typeof value === "boolean" ? null : "must be a boolean";
    case "array": return Array.isArray(value) ? null : "must be an array";
    case "object": return value !== null && typeof value === "object" && !Array.isArray(value) ? null : "must be an object";
    case "quantity": return (typeof value === "string" && QUANTITY.test(value)) || Number.isInteger(value) ? null : "must be a resource quantity";
    default: return `unknown rule type ${type}`;
  }
}

function checkCustomResource(obj, rules) {
  const errors = [];
  const spec = obj.spec;
  if (spec === null || typeof spec !== "object" || Array.isArray(spec)) {
    return ["spec must be an object"];
  }
  for (const [path, type, opts] of rules) {
    const value = get(obj, path);
    if (value === undefined) {
      if (opts.required) errors.push(`${path} is required`);
      continue;
    }
    const bad = typeError(value, type);
    if (bad) { errors.push(`${path} ${bad}`); continue; }
    if (opts.min !== undefined && value < opts.min) errors.push(`${path} must be >= ${opts.min}`);
    if (opts.oneOf && !opts.oneOf.includes(value)) errors.push(`${path} must be one of ${opts.oneOf.join(", ")}`);
    if (opts.pattern && !opts.pattern.test(value)) errors.push(`${path} does not match ${opts.pattern}`);
  }
  return errors;
}

// --- built-in kinds: kubernetes-models ---------------------------------------
const modelCache = new Map();

async function loadModel(apiVersion, kind) {
  const key = `${apiVersion}/${kind}`;
  if (modelCache.has(key)) return modelCache.get(key);
  let model = null;
  // "apps/v1" -> kubernetes-models/apps/v1/Deployment, "v1" -> kubernetes-models/v1/Service
  if (/^[a-z0-9.]*\/?v[0-9]+((alpha|beta)[0-9]+)?$/.test(apiVersion) && /^[A-Z][A-Za-z0-9]*$/.test(kind)) {
    try {
      const mod = await import(`kubernetes-models/${apiVersion}/${kind}`);
      model = mod[kind] ?? null;
    } catch (e) {
      if (e?.code !== "ERR_PACKAGE_PATH_NOT_EXPORTED" && e?.code !== "ERR_MODULE_NOT_FOUND") throw e;
    }
  }
  modelCache.set(key, model);
  return model;
}

function formatAjvErrors(err) {
  if (Array.isArray(err?.errors) && err.errors.length > 0) {
    return err.errors.map((e) => `${e.instancePath || "/"} ${e.message}`).join("; ");
  }
  return String(err?.message ?? err);
}

async function validateObject(obj) {
  const errors = [];
  if (obj === null || typeof obj !== "object" || Array.isArray(obj)) return ["document is not an object"];
  const { apiVersion, kind, metadata } = obj;
  if (typeof apiVersion !== "string" || apiVersion === "") errors.push("apiVersion is required");
  if (typeof kind !== "string" || kind === "") errors.push("kind is required");
  if (metadata === null || typeof metadata !== "object") errors.push("metadata is required");
  else if (typeof metadata.name !== "string" || !DNS1123_SUBDOMAIN.test(metadata.name) || metadata.name.length > 253) {
    errors.push(`metadata.name ${JSON.stringify(metadata.name)} is not a DNS-1123 name`);
  }
  if (errors.length) return errors;

  const rules = CRD_RULES[`${apiVersion}/${kind}`];
  if (rules) return checkCustomResource(obj, rules);

  const Model = await loadModel(apiVersion, kind);
  if (!Model) return [`unknown apiVersion/kind ${apiVersion} ${kind} (not a built-in kind, no rules for it)`];
  try {
    new Model(obj).validate();
  } catch (err) {
    return [formatAjvErrors(err)];
  }
  return [];
}

function describe(obj) {
  if (obj === null || typeof obj !== "object") return "<not an object>";
  const ns = obj.metadata?.namespace ? `${obj.metadata.namespace}/` : "";
  return `${obj.apiVersion ?? "?"} ${obj.kind ?? "?"} ${ns}${obj.metadata?.name ?? "?"}`;
}

async function main() {
  const file = process.argv[2];
  const text = file && file !== "-" ? readFileSync(file, "utf8") : readFileSync(0, "utf8");
  const docs = parseAllDocuments(text);
  let total = 0;
  let invalid = 0;
  for (const doc of docs) {
    if (doc.errors.length > 0) {
      total++; invalid++;
      console.log(`INVALID <yaml> ${doc.errors.map((e) => e.message).join("; ")}`);
      continue;
    }
    const obj = doc.toJS();
    if (obj === null || obj === undefined) continue; // empty document
    total++;
    const errors = await validateObject(obj);
    if (errors.length) {
      invalid++;
      console.log(`INVALID ${describe(obj)}: ${errors.join("; ")}`);
    } else {
      console.log(`ok      ${describe(obj)}`);
    }
  }
  console.log(`${total} objects, ${invalid} invalid`);
  if (total === 0) {
    console.error("no objects in the input");
    process.exit(1);
  }
  process.exit(invalid > 0 ? 1 : 0);
}

main().catch((err) => {
  console.error(err?.stack ?? String(err));
  process.exit(2);
});

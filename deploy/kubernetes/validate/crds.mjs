// JSON schemas for the operators' kinds the manifests use. None of the four operators publishes its CRDs in a package
// registry this project can reach (Strimzi's io.strimzi:api jar on Maven Central carries the model classes but no CRD
// YAML; CloudNativePG is Go only; the Keycloak and Apicurio operators' artifacts are not on Maven Central), so these are
// written here from each operator's API reference, for the versions named in deploy/kubernetes/README.md, and cover the
// fields the manifests use: types, enums, required fields, and no unknown field in the objects they describe fully
// (additionalProperties: false), so a typo fails. They are a structural check, not the operators' full schemas.
const str = { type: "string", minLength: 1 };
const int = { type: "integer" };
const bool = { type: "boolean" };
const obj = (properties, required = [], extra = false) => ({ type: "object", properties, required, additionalProperties: extra });
const secretKey = obj({ name: str, key: str }, ["name", "key"]);
const quantity = { anyOf: [{ type: "string", pattern: "^[0-9.]+([eE][0-9]+|[mkMGTPE]i?|m)?$" }, { type: "number" }] };
const resources = obj({ requests: { type: "object", additionalProperties: quantity }, limits: { type: "object", additionalProperties: quantity } });
const meta = { type: "object", required: ["name"], properties: { name: { type: "string", pattern: "^[a-z0-9]([-a-z0-9.]*[a-z0-9])?$", maxLength: 253 } } };
const kind = (spec, required = ["spec"]) => ({ type: "object", required: ["apiVersion", "kind", "metadata", ...required],
  properties: { apiVersion: str, kind: str, metadata: meta, spec } });

// Strimzi's node pools and topics name their Kafka cluster in the label strimzi.io/cluster
const withClusterLabel = (k) => ({ ...k, properties: { ...k.properties, metadata: { ...meta, required: ["name", "labels"],
  properties: { ...meta.properties, labels: { type: "object", required: ["strimzi.io/cluster"] } } } } });

export const CRD_SCHEMAS = {
  // Strimzi 0.49 (kafka.strimzi.io/v1beta2), KRaft with node pools
  "kafka.strimzi.io/v1beta2/Kafka": kind(obj({
    kafka: obj({
      version: str, metadataVersion: str,
      listeners: { type: "array", minItems: 1, items: obj({ name: { type: "string", pattern: "^[a-z0-9]{1,11}$" }, port: { type: "integer", minimum: 9092 },
        type: { enum: ["internal", "route", "loadbalancer", "nodeport", "ingress", "cluster-ip"] }, tls: bool, authentication: { type: "object" },
        configuration: { type: "object" } }, ["name", "port", "type", "tls"]) },
      config: { type: "object" }, authorization: { type: "object" }, resources, template: { type: "object" }, rack: { type: "object" },
    }, ["listeners"]),
    entityOperator: obj({ topicOperator: { type: "object" }, userOperator: { type: "object" }, template: { type: "object" } }),
    cruiseControl: { type: "object" }, kafkaExporter: { type: "object" },
  }, ["kafka"])),
  "kafka.strimzi.io/v1beta2/KafkaNodePool": withClusterLabel(kind(obj({
    replicas: { type: "integer", minimum: 0 },
    roles: { type: "array", minItems: 1, items: { enum: ["controller", "broker"] } },
    storage: obj({ type: { enum: ["ephemeral", "persistent-claim", "jbod"] }, size: str, class: str, deleteClaim: bool,
      volumes: { type: "array", items: obj({ id: int, type: { enum: ["ephemeral", "persistent-claim"] }, size: str, class: str,
        deleteClaim: bool, kraftMetadata: { enum: ["shared"] } }, ["id", "type"]) } }, ["type"]),
    resources, jvmOptions: { type: "object" }, template: { type: "object" },
  }, ["replicas", "roles", "storage"]))),
  "kafka.strimzi.io/v1beta2/KafkaTopic": withClusterLabel(kind(obj({
    topicName: str, partitions: { type: "integer", minimum: 1 }, replicas: { type: "integer", minimum: 1, maximum: 32767 },
    config: { type: "object", additionalProperties: { type: ["string", "number", "boolean"] } },
  }, ["partitions", "replicas"]))),
  // CloudNativePG 1.27 (postgresql.cnpg.io/v1)
  "postgresql.cnpg.io/v1/Cluster": kind(obj({
    instances: { type: "integer", minimum: 1 }, imageName: str, primaryUpdateStrategy: { enum: ["unsupervised", "supervised"] },
    storage: obj({ size: str, storageClass: str, resizeInUseVolumes: bool }), walStorage: obj({ size: str, storageClass: str }),
    resources,
    postgresql: obj({ parameters: { type: "object", additionalProperties: { type: "string" } }, pg_hba: { type: "array", items: { type: "string" } } }),
    bootstrap: obj({ initdb: obj({ database: str, owner: str, secret: obj({ name: str }, ["name"]), encoding: str,
      postInitSQL: { type: "array", items: { type: "string" } }, postInitApplicationSQL: { type: "array", items: { type: "string" } },
      postInitTemplateSQL: { type: "array", items: { type: "string" } } }) }),
    managed: obj({ roles: { type: "array", items: obj({ name: str, ensure: { enum: ["present", "absent"] }, login: bool, superuser: bool,
      createdb: bool, createrole: bool, inherit: bool, replication: bool, connectionLimit: int, comment: { type: "string" },
      inRoles: { type: "array", items: str }, passwordSecret: obj({ name: str }, ["name"]), disablePassword: bool }, ["name"]) } }),
    backup: { type: "object" }, monitoring: { type: "object" }, affinity: { type: "object" },
  }, ["instances", "storage"])),
  "postgresql.cnpg.io/v1/Database": kind(obj({
    cluster: obj({ name: str }, ["name"]), name: str, owner: str, ensure: { enum: ["present", "absent"] },
    databaseReclaimPolicy: { enum: ["retain", "delete"] },
    schemas: { type: "array", items: obj({ name: str, owner: str, ensure: { enum: ["present", "absent"] } }, ["name"]) },
    extensions: { type: "array", items: obj({ name: str, version: str, schema: str, ensure: { enum: ["present", "absent"] } }, ["name"]) },
  }, ["cluster", "name", "owner"])),
  // Keycloak operator 26 (k8s.keycloak.org/v2alpha1)
  "k8s.keycloak.org/v2alpha1/Keycloak": kind(obj({
    instances: { type: "integer", minimum: 1 }, image: str,
    db: obj({ vendor: { enum: ["postgres", "mariadb", "mssql", "mysql", "oracle", "dev-file", "dev-mem"] }, host: str, port: int, database: str,
      schema: str, url: str, usernameSecret: secretKey, passwordSecret: secretKey, poolMinSize: int, poolMaxSize: int }, ["vendor"]),
    http: obj({ httpEnabled: bool, httpPort: int, httpsPort: int, tlsSecret: str }),
    hostname: obj({ hostname: str, admin: str, strict: bool, backchannelDynamic: bool }),
    proxy: obj({ headers: { enum: ["forwarded", "xforwarded"] } }),
    additionalOptions: { type: "array", items: obj({ name: str, value: { type: "string" }, secret: secretKey }, ["name"]) },
    resources, ingress: obj({ enabled: bool, className: str, annotations: { type: "object" } }),
    features: obj({ enabled: { type: "array", items: str }, disabled: { type: "array", items: str } }),
  })),
  "k8s.keycloak.org/v2alpha1/KeycloakRealmImport": kind(obj({
    keycloakCRName: str,
    realm: { type: "object", required: ["realm"], properties: { realm: str, enabled: bool,
      clients: { type: "array", items: { type: "object", required: ["clientId"], properties: { clientId: str, secret: { type: "string", pattern: "^\\$\\{[A-Z0-9_]+\\}$" } } } } } },
    placeholders: { type: "object", additionalProperties: obj({ secret: secretKey }, ["secret"]) },
    resources,
  }, ["keycloakCRName", "realm"])),
  // Apicurio Registry operator 3 (registry.apicur.io/v1)
  "registry.apicur.io/v1/ApicurioRegistry3": kind(obj({
    app: obj({ replicas: { type: "integer", minimum: 0 }, env: { type: "array", items: { type: "object", required: ["name"] } },
      storage: obj({ type: { enum: ["postgresql", "mysql", "kafkasql"] },
        sql: obj({ dataSource: obj({ url: str, username: str, password: secretKey }, ["url", "username", "password"]) }),
        kafkasql: { type: "object" } }, ["type"]),
      ingress: obj({ host: str, enabled: bool }), podTemplateSpec: { type: "object" }, auth: { type: "object" } }),
    ui: obj({ enabled: bool, replicas: int, ingress: obj({ host: str, enabled: bool }), env: { type: "array" } }),
  })),
};

// Reads an image from a registry (Docker Registry HTTP API v2, anonymous) and checks it; used by build.sh.
//   node inspect.mjs check   <registry base URL> <repository> <digest> <port>
//       the manifest's bytes hash to <digest>; the config runs the fast-jar as 185:185 from /work and exposes <port>
//   node inspect.mjs compare <registry base URL> <repository> <digest A> <digest B>
//       two builds of one image: every layer the same except Quarkus' generated classes (the layer Quarkus' Jib
//       extension names fast-jar-quarkus: Quarkus 3.34 does not generate them byte for byte the same twice, see
//       deploy/kubernetes/README.md, "Images"), and the same config apart from that layer's diff_id
import { createHash } from 'node:crypto';

const MANIFEST_TYPES = 'application/vnd.docker.distribution.manifest.v2+json, application/vnd.oci.image.manifest.v1+json';
export const ENTRYPOINT = ['/opt/java/bin/java', '-Djava.util.logging.manager=org.jboss.logmanager.LogManager', '-jar', '/work/quarkus-run.jar'];
const ALLOWED_TO_DIFFER = 'fast-jar-quarkus';

async function get(url, accept) {
  const res = await fetch(url, { headers: accept ? { Accept: accept } : {} });
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return Buffer.from(await res.arrayBuffer());
}

async function image(base, repo, digest) {
  const bytes = await get(`${base}/v2/${repo}/manifests/${digest}`, MANIFEST_TYPES);
  const actual = 'sha256:' + createHash('sha256').update(bytes).digest('hex');
  if (actual !== digest) throw new Error(`${repo}@${digest}: the registry's manifest hashes to ${actual}`);
  const manifest = JSON.parse(bytes);
  const config = JSON.parse(await get(`${base}/v2/${repo}/blobs/${manifest.config.digest}`));
  return { manifest, config };
}

export function configProblems(config, port) {
  const c = config.config ?? {};
  const want = { User: '185:185', WorkingDir: '/work', Entrypoint: ENTRYPOINT, ExposedPorts: { [`${port}/tcp`]: {} } };
  const problems = Object.keys(want).filter((k) => JSON.stringify(c[k]) !== JSON.stringify(want[k]))
    .map((k) => `${k} is ${JSON.stringify(c[k])}, expected ${JSON.stringify(want[k])}`);
  if (c.Cmd && c.Cmd.length) problems.push(`Cmd is ${JSON.stringify(c.Cmd)}, expected none`);
  if (!(c.Env ?? []).includes('PATH=/opt/java/bin:/usr/bin:/bin')) problems.push('Env lacks the base image\'s PATH');
  if (config.created !== '1970-01-01T00:00:00Z') problems.push(`created is ${config.created}, expected the epoch`);
  return problems;
}

export function comparison(a, b) {
  const names = a.config.history.filter((h) => !h.empty_layer).map((h) => h.comment ?? h.created_by);
  if (a.manifest.layers.length !== b.manifest.layers.length) return { problems: ['not the same number of layers'], differing: [] };
  const differing = a.manifest.layers.map((l, i) => (l.digest !== b.manifest.layers[i].digest ? names[i] : null)).filter(Boolean);
  const problems = differing.filter((n) => n !== ALLOWED_TO_DIFFER).map((n) => `layer ${n} differs`);
  const strip = ({ rootfs, ...rest }) => JSON.stringify(rest);
  if (strip(a.config) !== strip(b.config)) problems.push('the configs differ beyond the layers\' diff_ids');
  return { problems, differing };
}

async function main([mode, base, repo, ...rest]) {
  if (mode === 'check') {
    const [digest, port] = rest;
    const problems = configProblems((await image(base, repo, digest)).config, port);
    if (problems.length) { console.error(`${repo}@${digest}:\n  ${problems.join('\n  ')}`); process.exit(1); }
  } else if (mode === 'compare') {
    const [da, db] = rest;
    const { problems, differing } = comparison(await image(base, repo, da), await image(base, repo, db));
    if (problems.length) { console.error(`${repo}: ${problems.join('; ')}`); process.exit(1); }
    console.log(`${repo}: ${differing.length ? `only ${differing.join(', ')} differs` : 'identical'}`);
  } else {
    console.error('usage: node inspect.mjs check <registry URL> <repository> <digest> <port> | compare <registry URL> <repository> <digest A> <digest B>');
    process.exit(2);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  main(process.argv.slice(2)).catch((e) => { console.error(e.message); process.exit(1); });
}

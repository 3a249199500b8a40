/**
 * Resource attributes a Node process knows about itself, by detector (`OTEL_NODE_RESOURCE_DETECTORS`,
 * resolved in src/config/node-settings.ts). Every detector is synchronous and local: at most two
 * small /proc reads, never a network call, so init() stays fast and a process on a laptop costs
 * nothing. The cloud detectors (./cloud-detectors) read environment variables only: the platforms
 * that describe themselves only through a metadata endpoint (EC2, GCE, Azure VMs) need an HTTP
 * round trip at start-up and are left to the user's own resource attributes.
 *
 * Read at init(), so each cluster/PM2 worker (a process of its own) gets its own values.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { arch, hostname, release, type, userInfo } from 'node:os';
import type { AttributeValue } from '../../src/config/resolve';
import type { ResourceDetectorName } from '../../src/config/node-settings';
import { detectAws, detectAzure } from './cloud-detectors';

type Attributes = Record<string, AttributeValue>;

/** Node's `process.arch` to the semconv `host.arch` values. */
const HOST_ARCH: Record<string, string> = { x64: 'amd64', arm64: 'arm64', ia32: 'x86', arm: 'arm32', ppc64: 'ppc64', s390x: 's390x' };
/** Kubernetes Downward API variables (set them in the pod spec) to semconv keys. */
const K8S_ENV: Record<string, string> = {
  K8S_POD_NAME: 'k8s.pod.name',
  K8S_POD_UID: 'k8s.pod.uid',
  K8S_NAMESPACE_NAME: 'k8s.namespace.name',
  K8S_NODE_NAME: 'k8s.node.name',
  K8S_DEPLOYMENT_NAME: 'k8s.deployment.name',
  K8S_CONTAINER_NAME: 'k8s.container.name',
};
/**
 * Where each source names the container (an id is 64 hex digits: Docker, containerd, CRI-O,
 * Podman): anywhere in a cgroup v1 line, but in mountinfo only inside a container runtime's own
 * path (overlay layer ids there are 64 hex digits too).
 */
const CONTAINER_ID_SOURCES = [
  ['/proc/self/cgroup', /\b([0-9a-f]{64})\b/],
  ['/proc/self/mountinfo', /\/(?:containers|sandboxes)\/([0-9a-f]{64})\//],
] as const;

const DETECTORS: Record<ResourceDetectorName, (env: NodeJS.ProcessEnv) => Attributes> = {
  env: (env) => {
    const out: Attributes = {};
    for (const [name, key] of Object.entries(K8S_ENV)) if (env[name]) out[key] = env[name]!;
    return out;
  },
  host: () => ({ 'host.name': hostname(), 'host.arch': HOST_ARCH[arch()] ?? arch() }),
  // semconv os.type values: linux, darwin, windows, freebsd, …
  os: () => ({ 'os.type': type() === 'Windows_NT' ? 'windows' : type().toLowerCase(), 'os.version': release() }),
  process: () => {
    const out: Attributes = {
      'process.pid': process.pid,
      'process.runtime.name': 'nodejs',
      'process.runtime.version': process.versions.node,
      'process.runtime.description': 'Node.js',
      'process.executable.name': process.title,
      'process.executable.path': process.execPath,
    };
    if (process.argv[1]) out['process.command'] = process.argv[1];
    // Not process.command_args: command lines often carry secrets (`--password=…`), and a
    // resource is repeated in every export.
    try {
      out['process.owner'] = userInfo().username;
    } catch {
      // No passwd entry for this uid (common in containers).
    }
    return out;
  },
  container: (): Attributes => {
    const id = containerId();
    return id ? { 'container.id': id } : {};
  },
  serviceinstance: () => ({ 'service.instance.id': randomUUID() }),
  aws: detectAws,
  azure: detectAzure,
};

export function detectResource(detectors: readonly ResourceDetectorName[], env: NodeJS.ProcessEnv = process.env): Attributes {
  const out: Attributes = {};
  for (const name of detectors) {
    try {
      Object.assign(out, DETECTORS[name](env));
    } catch {
      // A detector that cannot read its source contributes nothing; the others still run.
    }
  }
  return out;
}

/**
 * cgroup v1 names the container in /proc/self/cgroup (`…/docker/<id>`, `…/cri-containerd-<id>.scope`);
 * cgroup v2 shows only `0::/` there, so the id comes from the mounts the runtime made for the
 * container (`/var/lib/docker/containers/<id>/hostname`). Outside a container: undefined.
 */
export function containerId(read: (path: string) => string = (p) => readFileSync(p, 'utf8')): string | undefined {
  for (const [path, pattern] of CONTAINER_ID_SOURCES) {
    try {
      const match = pattern.exec(read(path));
      if (match) return match[1];
    } catch {
      // No such file here (not Linux, or /proc not mounted): try the next source.
    }
  }
  return undefined;
}

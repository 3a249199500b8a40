import { describe, expect, it } from 'vitest';
import { containerId, detectResource } from './resource-detectors';

const ID = 'a'.repeat(12) + '0123456789abcdef'.repeat(3) + 'b'.repeat(4);
const files = (map: Record<string, string>) => (path: string) => {
  if (!(path in map)) throw Object.assign(new Error('ENOENT'), { code: 'ENOENT' });
  return map[path]!;
};

describe('container.id', () => {
  it('cgroup v1: docker and containerd paths', () => {
    expect(containerId(files({ '/proc/self/cgroup': `12:pids:/docker/${ID}\n11:cpu:/docker/${ID}\n` }))).toBe(ID);
    expect(containerId(files({ '/proc/self/cgroup': `0::/kubepods/besteffort/pod1/cri-containerd-${ID}.scope\n` }))).toBe(ID);
  });

  it('cgroup v2: the id comes from the container mounts, not from unrelated hex in mountinfo', () => {
    const mountinfo = [
      `1 0 0:1 / / rw - overlay overlay rw,lowerdir=/var/lib/docker/overlay2/${'c'.repeat(64)}/diff`,
      `2 1 8:1 /var/lib/docker/containers/${ID}/hostname /etc/hostname rw - ext4 /dev/sda1 rw`,
    ].join('\n');
    expect(containerId(files({ '/proc/self/cgroup': '0::/\n', '/proc/self/mountinfo': mountinfo }))).toBe(ID);
  });

  it('outside a container (or without /proc): undefined', () => {
    expect(containerId(files({ '/proc/self/cgroup': '0::/user.slice/user-1000.slice/session-2.scope\n', '/proc/self/mountinfo': '1 0 8:1 / / rw - ext4 /dev/sda1 rw' }))).toBeUndefined();
    expect(containerId(files({}))).toBeUndefined();
  });
});

describe('detectResource', () => {
  it('each detector adds its keys; none adds nothing', () => {
    expect(detectResource([])).toEqual({});
    const os = detectResource(['os']);
    expect(Object.keys(os).sort()).toEqual(['os.type', 'os.version']);
    expect(os['os.type']).toBe(process.platform === 'win32' ? 'windows' : process.platform);
    const proc = detectResource(['process']);
    expect(proc['process.pid']).toBe(process.pid);
    expect(proc['process.executable.path']).toBe(process.execPath);
    expect(proc).not.toHaveProperty('process.command_args');
    expect(Object.keys(detectResource(['host']))).toEqual(['host.name', 'host.arch']);
    expect(detectResource(['serviceinstance'])['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('env: the Kubernetes Downward API variables, only those that are set', () => {
    expect(detectResource(['env'], { K8S_POD_NAME: 'web-1', K8S_NAMESPACE_NAME: 'shop', K8S_NODE_NAME: '' })).toEqual({
      'k8s.pod.name': 'web-1',
      'k8s.namespace.name': 'shop',
    });
  });
});

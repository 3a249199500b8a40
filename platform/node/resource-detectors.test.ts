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

  it('env: every Downward API variable README documents', () => {
    const env = { K8S_POD_NAME: 'web-1', K8S_POD_UID: 'uid-1', K8S_NAMESPACE_NAME: 'shop', K8S_NODE_NAME: 'node-a', K8S_DEPLOYMENT_NAME: 'web', K8S_CONTAINER_NAME: 'app' };
    expect(detectResource(['env'], env)).toEqual({
      'k8s.pod.name': 'web-1',
      'k8s.pod.uid': 'uid-1',
      'k8s.namespace.name': 'shop',
      'k8s.node.name': 'node-a',
      'k8s.deployment.name': 'web',
      'k8s.container.name': 'app',
    });
  });
});

describe('cloud detectors: environment variables only', () => {
  it('aws: Lambda, from the variables its runtime sets', () => {
    const lambda = {
      AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
      AWS_REGION: 'eu-west-1',
      AWS_LAMBDA_FUNCTION_NAME: 'checkout',
      AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
      AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
      AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/checkout',
      AWS_LAMBDA_LOG_STREAM_NAME: '2026/12/07/[$LATEST]abc',
    };
    expect(detectResource(['aws'], lambda)).toEqual({
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'cloud.region': 'eu-west-1',
      'faas.name': 'checkout',
      'faas.version': '$LATEST',
      'faas.max_memory': 512 * 1024 * 1024,
      'faas.instance': '2026/12/07/[$LATEST]abc',
    });
    // SnapStart has no log group or stream; a bad memory size is left out rather than NaN.
    expect(detectResource(['aws'], { AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs22.x', AWS_LAMBDA_FUNCTION_NAME: 'f', AWS_LAMBDA_FUNCTION_MEMORY_SIZE: 'lots' })).toEqual({
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'faas.name': 'f',
    });
    // EC2, ECS (AWS_EXECUTION_ENV=AWS_ECS_FARGATE) and anywhere else: nothing, and no metadata call.
    expect(detectResource(['aws'], { AWS_EXECUTION_ENV: 'AWS_ECS_FARGATE', AWS_REGION: 'us-east-1' })).toEqual({});
    expect(detectResource(['aws'], {})).toEqual({});
  });

  const site = { WEBSITE_SITE_NAME: 'shop', REGION_NAME: 'West Europe', WEBSITE_OWNER_NAME: 'sub-1+rg-webspace', WEBSITE_RESOURCE_GROUP: 'rg', WEBSITE_INSTANCE_ID: 'i-1' };
  const resourceId = '/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Web/sites/shop';

  it('azure: App Service', () => {
    expect(detectResource(['azure'], { ...site, WEBSITE_SLOT_NAME: 'staging', WEBSITE_HOSTNAME: 'shop.azurewebsites.net', WEBSITE_HOME_STAMPNAME: 'waws-1' })).toEqual({
      'cloud.provider': 'azure',
      'cloud.platform': 'azure.app_service',
      'cloud.region': 'West Europe',
      'cloud.resource_id': resourceId,
      'deployment.environment.name': 'staging',
      'host.id': 'shop.azurewebsites.net',
      'azure.app.service.stamp': 'waws-1',
    });
  });

  it('azure: Functions (runtime version or Flex plan), Container Apps, and nothing elsewhere', () => {
    const functions = {
      'cloud.provider': 'azure',
      'cloud.platform': 'azure.functions',
      'cloud.region': 'West Europe',
      'cloud.resource_id': resourceId,
      'faas.instance': 'i-1',
      'faas.max_memory': 1536 * 1024 * 1024,
    };
    expect(detectResource(['azure'], { ...site, FUNCTIONS_EXTENSION_VERSION: '~4', WEBSITE_MEMORY_LIMIT_MB: '1536' })).toEqual(functions);
    expect(detectResource(['azure'], { ...site, WEBSITE_SKU: 'FlexConsumption', WEBSITE_MEMORY_LIMIT_MB: '1536' })).toEqual(functions);
    const app = { CONTAINER_APP_NAME: 'api', CONTAINER_APP_REVISION: 'api--r7', CONTAINER_APP_HOSTNAME: 'api--r7.example.io', CONTAINER_APP_ENV_DNS_SUFFIX: 'example.io', CONTAINER_APP_PORT: '8080', CONTAINER_APP_REPLICA_NAME: 'api--r7-abc' };
    expect(detectResource(['azure'], app)).toEqual({
      'cloud.provider': 'azure',
      'cloud.platform': 'azure.container_apps',
      'host.name': 'api--r7.example.io',
      'azure.container_app.name': 'api',
      'azure.container_app.version': 'api--r7',
      'azure.container_app.instance.id': 'api--r7-abc',
    });
    // One variable short of Container Apps, no site: not Azure as far as the environment says.
    expect(detectResource(['azure'], { ...app, CONTAINER_APP_PORT: '' })).toEqual({});
  });
});

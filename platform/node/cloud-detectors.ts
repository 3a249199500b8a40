/**
 * The cloud resource detectors that need no network call (`OTEL_NODE_RESOURCE_DETECTORS=aws`,
 * `azure`): the platforms that describe a process in its environment variables. The same
 * platforms and semconv keys as OpenTelemetry's @opentelemetry/resource-detector-aws and -azure
 * find there, read from the variables alone:
 *
 * - `aws`: Lambda (`AWS_EXECUTION_ENV=AWS_Lambda_*`). EC2, ECS and EKS describe themselves only
 *   through a metadata endpoint (an HTTP round trip at start-up, and a timeout off the cloud), and
 *   Elastic Beanstalk through a file its X-Ray daemon writes: not run; set what you need in
 *   `OTEL_RESOURCE_ATTRIBUTES`.
 * - `azure`: App Service, Functions and Container Apps (their `WEBSITE_*` / `CONTAINER_APP_*`
 *   variables). Virtual machines need the instance metadata endpoint: not run.
 * - No `gcp` or `alibaba`: every GCP and Alibaba Cloud detector asks the metadata server.
 *
 * What they leave to the configuration: `service.name` (the detectors upstream set it to the site
 * name; here OTEL_SERVICE_NAME / `service` decide, as for every other detector) and
 * `service.instance.id` (per process here, where upstream's Azure detector shares the instance's).
 */
import type { AttributeValue } from '../../src/config/resolve';

type Attributes = Record<string, AttributeValue>;
type Env = NodeJS.ProcessEnv;

const MEBIBYTE = 1024 * 1024;

/** `faas.max_memory` is in bytes; the platforms give mebibytes. */
const mebibytes = (value: string | undefined): number | undefined => {
  const n = Number(value);
  return value && Number.isFinite(n) && n > 0 ? n * MEBIBYTE : undefined;
};

/** `attrs` without the keys whose value is missing (unset or empty variables). */
function present(attrs: Record<string, AttributeValue | undefined>): Attributes {
  const out: Attributes = {};
  for (const [key, value] of Object.entries(attrs)) if (value !== undefined && value !== '') out[key] = value;
  return out;
}

export function detectAws(env: Env): Attributes {
  if (!env.AWS_EXECUTION_ENV?.startsWith('AWS_Lambda_')) return {};
  return present({
    'cloud.provider': 'aws',
    'cloud.platform': 'aws_lambda',
    'cloud.region': env.AWS_REGION,
    'faas.name': env.AWS_LAMBDA_FUNCTION_NAME,
    'faas.version': env.AWS_LAMBDA_FUNCTION_VERSION,
    'faas.max_memory': mebibytes(env.AWS_LAMBDA_FUNCTION_MEMORY_SIZE),
    // Absent under SnapStart. (Upstream also sends the log group, as the array `aws.log.group.names`;
    // resource attributes here are scalars, and the stream names the group's function already.)
    'faas.instance': env.AWS_LAMBDA_LOG_STREAM_NAME,
  });
}

/** Every variable Container Apps sets; App Service and Functions set none of them. */
const CONTAINER_APP_VARS = ['CONTAINER_APP_NAME', 'CONTAINER_APP_REVISION', 'CONTAINER_APP_HOSTNAME', 'CONTAINER_APP_ENV_DNS_SUFFIX', 'CONTAINER_APP_PORT', 'CONTAINER_APP_REPLICA_NAME'];

/** The site's ARM id, when the owner (subscription) is known. */
function siteResourceId(env: Env, site: string): string | undefined {
  const subscription = env.WEBSITE_OWNER_NAME?.split('+')[0];
  return subscription ? `/subscriptions/${subscription}/resourceGroups/${env.WEBSITE_RESOURCE_GROUP}/providers/Microsoft.Web/sites/${site}` : undefined;
}

export function detectAzure(env: Env): Attributes {
  if (CONTAINER_APP_VARS.every((name) => env[name])) {
    return present({
      'cloud.provider': 'azure',
      'cloud.platform': 'azure.container_apps',
      'host.name': env.CONTAINER_APP_HOSTNAME,
      'azure.container_app.name': env.CONTAINER_APP_NAME,
      'azure.container_app.version': env.CONTAINER_APP_REVISION,
      'azure.container_app.instance.id': env.CONTAINER_APP_REPLICA_NAME,
    });
  }
  const site = env.WEBSITE_SITE_NAME;
  if (!site) return {};
  const common = { 'cloud.provider': 'azure', 'cloud.region': env.REGION_NAME, 'cloud.resource_id': siteResourceId(env, site) };
  // Functions run on App Service too; the Functions runtime version (or the Flex plan) tells them apart.
  if (env.FUNCTIONS_EXTENSION_VERSION || env.WEBSITE_SKU === 'FlexConsumption') {
    return present({ ...common, 'cloud.platform': 'azure.functions', 'faas.instance': env.WEBSITE_INSTANCE_ID, 'faas.max_memory': mebibytes(env.WEBSITE_MEMORY_LIMIT_MB) });
  }
  return present({
    ...common,
    'cloud.platform': 'azure.app_service',
    'deployment.environment.name': env.WEBSITE_SLOT_NAME,
    'host.id': env.WEBSITE_HOSTNAME,
    'azure.app.service.stamp': env.WEBSITE_HOME_STAMPNAME,
  });
}

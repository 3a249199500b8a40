import https from 'node:https';
import type { AddressInfo } from 'node:net';
import type { TLSSocket } from 'node:tls';
import { expect, find, test } from '../../fixtures/test';
import { makeTestCerts } from '../../fixtures/test-certs.mjs';

/**
 * A TLS listener in front of the real collector, as a collector's own `tls:` receiver setting
 * would be: it terminates (m)TLS and forwards each request unchanged (content-encoding included).
 */
async function tlsFront(target: string, certs: ReturnType<typeof makeTestCerts>, mtls: boolean) {
  const clients: unknown[] = [];
  const server = https.createServer({ key: certs.serverKey, cert: certs.serverCert, ca: certs.ca, requestCert: mtls, rejectUnauthorized: mtls }, (req, res) => {
    clients.push((req.socket as TLSSocket).getPeerCertificate()?.subject?.CN);
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const headers: Record<string, string> = {};
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string' && k !== 'host' && k !== 'connection') headers[k] = v;
      const answer = await fetch(`${target}${req.url}`, { method: 'POST', headers, body: Buffer.concat(chunks) });
      res.writeHead(answer.status, { 'content-type': answer.headers.get('content-type') ?? 'application/octet-stream' });
      res.end(Buffer.from(await answer.arrayBuffer()));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  return { url: `https://127.0.0.1:${(server.address() as AddressInfo).port}`, clients, close: () => (server.close(), server.closeAllConnections()) };
}

test('mTLS + gzip: a private CA, a client certificate and OTEL_EXPORTER_OTLP_COMPRESSION=gzip; spans carry the detected resource', async ({ collector, consumer, startNode }) => {
  const certs = makeTestCerts();
  const front = await tlsFront(collector.url, certs, true);
  try {
    const dir = consumer.stage('app.mjs');
    const app = startNode({
      script: `${dir}/app.mjs`,
      env: {
        OTEL_SERVICE_NAME: 'tls-app',
        OTEL_EXPORTER_OTLP_ENDPOINT: front.url,
        OTEL_EXPORTER_OTLP_CERTIFICATE: certs.caFile,
        OTEL_EXPORTER_OTLP_CLIENT_KEY: certs.clientKeyFile,
        OTEL_EXPORTER_OTLP_CLIENT_CERTIFICATE: certs.clientCertFile,
        OTEL_EXPORTER_OTLP_COMPRESSION: 'gzip',
        K8S_POD_NAME: 'web-7f9c',
        K8S_NAMESPACE_NAME: 'shop',
        // What AWS Lambda's runtime sets: the aws detector reads these, and calls no metadata endpoint.
        AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
        AWS_REGION: 'eu-west-1',
        AWS_LAMBDA_FUNCTION_NAME: 'checkout',
        AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '256',
      },
    });
    expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toBe('app got served /secure-path\n');
    expect(app.output(), 'no SDK message: everything worked').not.toContain('[clickstack-otel]');

    const server = find.serverPath(collector.spans(), '/secure-path');
    expect(server, 'the server span came through the mTLS listener').toBeDefined();
    expect(server!.requestHeaders['content-encoding']).toBe('gzip');
    expect(front.clients.length).toBeGreaterThan(0);
    expect(new Set(front.clients), 'every export presented our client certificate').toEqual(new Set(['client']));
    expect(server!.resource).toMatchObject({
      'service.name': 'tls-app',
      'k8s.pod.name': 'web-7f9c',
      'k8s.namespace.name': 'shop',
      'os.type': process.platform,
      'host.arch': process.arch === 'x64' ? 'amd64' : process.arch,
      'process.runtime.name': 'nodejs',
      'cloud.provider': 'aws',
      'cloud.platform': 'aws_lambda',
      'cloud.region': 'eu-west-1',
      'faas.name': 'checkout',
      'faas.max_memory': 256 * 1024 * 1024,
    });
    expect(server!.resource['process.executable.path']).toBe(process.execPath);
    expect(server!.resource['service.instance.id']).toMatch(/^[0-9a-f-]{36}$/);
    // Logs go the same way (the fetch's console line is a record).
    expect(collector.logs().length).toBeGreaterThan(0);
  } finally {
    front.close();
  }
});

test('a private CA not configured: the app runs and exits normally, a message names the certificate error', async ({ collector, consumer, startNode }) => {
  const certs = makeTestCerts();
  const front = await tlsFront(collector.url, certs, false);
  try {
    const dir = consumer.stage('app.mjs');
    const app = startNode({
      script: `${dir}/app.mjs`,
      env: { OTEL_EXPORTER_OTLP_ENDPOINT: front.url, OTEL_NODE_RESOURCE_DETECTORS: 'none', OTEL_LOGS_EXPORTER: 'none', OTEL_METRICS_EXPORTER: 'none' },
    });
    expect(await app.waitForExit(15_000)).toEqual({ code: 0, signal: null });
    expect(app.stdout()).toBe('app got served /secure-path\n');
    expect(collector.spans()).toHaveLength(0);
    // The certificate error is named; retries of it end at shutdown's bound, which is said too.
    const messages = app.output().split('\n').filter((l) => l.includes('[clickstack-otel]'));
    expect(messages.filter((m) => /traces export to https:\/\/127\.0\.0\.1:\d+\/v1\/traces failed \(SELF_SIGNED_CERT_IN_CHAIN\)/.test(m)), app.output()).toHaveLength(1);
    expect(messages.length, app.output()).toBeLessThanOrEqual(2);
  } finally {
    front.close();
  }
});

// Nothing clickstack-specific: the package must work with Next's defaults.
import { fileURLToPath } from 'node:url';

// Test set-up only: the app sits three folders below the e2e consumer project, whose
// node_modules holds the packed clickstack-otel; pinning the root stops Next guessing from lockfiles.
const consumerRoot = fileURLToPath(new URL('../../..', import.meta.url));

/** @type {import('next').NextConfig} */
export default {
  // The case builds twice (webpack, Turbopack) into separate folders.
  distDir: process.env.NEXT_DIST_DIR || '.next',
  outputFileTracingRoot: consumerRoot,
  turbopack: { root: consumerRoot },
};

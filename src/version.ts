/** The package version, reported as `telemetry.distro.version`. A unit test keeps it equal to package.json. */
export const VERSION = '0.1.0';

/** Reported as `telemetry.distro.name` so ClickStack can tell our spans from other distributions'. */
export const DISTRO_NAME = 'clickstack-otel';

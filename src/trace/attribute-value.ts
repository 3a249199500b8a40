/**
 * The OTel attribute value rule (a string, number or boolean, an array of one of those types with
 * null/undefined holes allowed, or null/undefined), as the light tracer checks every attribute.
 * Our own few lines instead of @opentelemetry/core's: the script tag carries nothing else from that
 * file. src/trace/attribute-value.test.ts holds it to core's answers.
 */
const PRIMITIVE_TYPES = new Set(['string', 'number', 'boolean']);

export function isAttributeValue(value: unknown): boolean {
  if (value == null) return true;
  if (!Array.isArray(value)) return PRIMITIVE_TYPES.has(typeof value);
  let type: string | undefined;
  for (const item of value) {
    if (item == null) continue;
    // The first element fixes the type; an invalid first type leaves '' and fails.
    type ??= PRIMITIVE_TYPES.has(typeof item) ? typeof item : '';
    if (typeof item !== type) return false;
  }
  return true;
}

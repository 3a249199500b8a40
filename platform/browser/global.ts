/**
 * The `<script>` tag build: tsup wraps this in an IIFE that assigns `window.ClickStack`,
 * so pages call `ClickStack.init({ apiKey, service, url })`.
 */
export { forceFlush, init, shutdown, VERSION } from './index';

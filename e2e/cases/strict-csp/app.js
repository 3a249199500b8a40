// The page's own (same-origin) script: one fetch, one XHR, then flush. No inline code, no eval.
(async () => {
  const result = {};
  try {
    // With `async` loading the SDK may arrive after this script; wait for it.
    while (typeof window.ClickStack?.forceFlush !== 'function' || !window.ClickStack.getSessionId()) {
      await new Promise((r) => setTimeout(r, 20));
    }
    result.fetch = await (await fetch('/api/csp-fetch')).json();
    result.xhr = await new Promise((resolve, reject) => {
      const xhr = new XMLHttpRequest();
      xhr.open('GET', '/api/csp-xhr');
      xhr.onload = () => resolve(JSON.parse(xhr.responseText));
      xhr.onerror = () => reject(new Error('XHR failed'));
      xhr.send();
    });
    result.sessionId = window.ClickStack.getSessionId();
    await window.ClickStack.forceFlush();
    result.done = true;
  } catch (e) {
    result.error = String(e);
  }
  window.__result = result;
})();

import { init, getSessionId } from 'clickstack-otel';
import { startReplay } from 'clickstack-otel/replay';

const { url } = window.replayConfig;
init({ service: 'replay-esm', url, apiKey: 'replay-esm-key' });
window.replay = startReplay({ maskTextSelector: '.pii', maskAllInputs: true });
window.getSessionId = getSessionId;
document.getElementById('add').addEventListener('click', () => {
  const li = document.createElement('li');
  li.textContent = 'esm item';
  document.getElementById('list').appendChild(li);
});

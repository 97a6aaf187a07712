// The page: follows /status (every proxy, its counters, the master switch) and /faults, and
// wires the switches to the same control API that vaurien ctl uses.

import { call, follow, setToken, whenTokenNeeded } from './api.js';
import { showProxies } from './proxies.js';
import { addFault, setUpFeed } from './feed.js';
import { showExperiments } from './experiments.js';
import { say } from './message.js';

let declared = null;
let last = null;

function link(up, why) {
  const badge = document.getElementById('link');
  badge.textContent = up ? 'live' : 'reconnecting…';
  badge.title = up ? 'following the server' : why || '';
  badge.className = 'link ' + (up ? 'up' : 'down');
}

function showSwitches(status) {
  const stopped = status.faults_stopped;
  const banner = document.getElementById('stopped');
  const master = document.getElementById('stop-all');
  banner.hidden = !stopped;
  if (stopped) {
    banner.textContent = 'ALL FAULTS STOPPED since ' + new Date(stopped.since).toLocaleTimeString([], { hour12: false })
      + ' by ' + stopped.by + ': every proxy passes everything. Changes made now apply when faults resume.';
  }
  master.textContent = stopped ? 'RESUME FAULTS' : 'STOP ALL FAULTS';
  master.classList.toggle('stopped', !!stopped);
  document.body.classList.toggle('faults-stopped', !!stopped);
  const undo = document.getElementById('undo');
  undo.disabled = !status.undo;
  undo.textContent = status.undo ? 'Undo: ' + status.undo.change : 'Undo';
}

function onStatus(status) {
  last = status;
  document.getElementById('version').textContent = 'v' + status.version;
  showSwitches(status);
  if (declared) showProxies(status, declared);
  showExperiments(status.experiments);
}

async function master() {
  const stopping = !(last && last.faults_stopped);
  try {
    const status = stopping
      ? await call('POST', '/faults/stop', { by: 'the web page' })
      : await call('POST', '/faults/resume', {});
    onStatus(status);
    say(stopping ? 'Every fault of every proxy stopped' : 'Faults resumed');
  } catch (e) {
    say((stopping ? 'Stopping faults' : 'Resuming') + ' refused: ' + e.message, true);
  }
}

async function undo() {
  const what = last && last.undo ? last.undo.change : '';
  try {
    onStatus(await call('POST', '/undo', {}));
    say('Undone: ' + what);
  } catch (e) {
    say('Undo refused: ' + e.message, true);
  }
}

async function loadDeclarations() {
  for (;;) {
    try {
      declared = (await call('GET', '/behaviors')).declared;
      return;
    } catch (e) {
      link(false, e.message);
      await new Promise(resolve => setTimeout(resolve, 1000));
    }
  }
}

function askToken() {
  const form = document.getElementById('token');
  form.hidden = false;
  form.onsubmit = event => {
    event.preventDefault();
    setToken(form.elements.token.value);
    form.hidden = true;
    location.reload();
  };
}

whenTokenNeeded(askToken);
setUpFeed();
document.getElementById('stop-all').addEventListener('click', master);
document.getElementById('undo').addEventListener('click', undo);
await loadDeclarations();
follow('/status/stream', (name, data) => { if (name === 'status') onStatus(data); }, link);
follow('/faults', (name, data) => { if (name === 'fault') addFault(data); }, () => {});

// The control API as this page uses it: every request carries the page's secret (and the
// bearer token when the server wants one); event streams are read with fetch, since an
// EventSource cannot send a header.

const secret = document.querySelector('meta[name="vaurien-ui"]').content;

export class ApiError extends Error {
  constructor(status, message) {
    super(message);
    this.status = status;
  }
}

/** Called with no argument when the server asks for a token it was not given. */
let onTokenNeeded = () => {};
export function whenTokenNeeded(f) { onTokenNeeded = f; }

export function setToken(token) { sessionStorage.setItem('vaurien-token', token); }

function headers(change) {
  const h = { 'X-Vaurien-UI': secret };
  const token = sessionStorage.getItem('vaurien-token');
  if (token) h.Authorization = 'Bearer ' + token;
  if (change) h['X-Vaurien-Change'] = encodeURIComponent(change);
  return h;
}

/** One request; `change` names it for the undo button. Resolves to the parsed JSON answer. */
export async function call(method, path, body, change) {
  const h = headers(change);
  if (body !== undefined) h['Content-Type'] = 'application/json';
  const res = await fetch(path, { method, headers: h, cache: 'no-store',
    body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  let json = null;
  try { json = text ? JSON.parse(text) : null; } catch { json = null; }
  if (!res.ok) {
    if (res.status === 401) onTokenNeeded();
    throw new ApiError(res.status, errorText(json) || res.status + ' ' + res.statusText);
  }
  return json;
}

/** Both dialects' error shapes: Toxiproxy's {error} and Vaurien's {errors: [{description}]}. */
function errorText(json) {
  if (!json) return null;
  if (json.error) return json.error;
  if (json.errors && json.errors.length) return json.errors.map(e => e.description).join('; ');
  return null;
}

const sleep = ms => new Promise(resolve => setTimeout(resolve, ms));

/**
 * Follows a server-sent event stream for as long as the page lives, reconnecting a second
 * after it breaks: onEvent(name, data) for each event, onLink(up, why) when it goes or comes.
 */
export async function follow(path, onEvent, onLink) {
  for (;;) {
    try {
      const res = await fetch(path, { headers: headers(), cache: 'no-store' });
      if (!res.ok) {
        if (res.status === 401) onTokenNeeded();
        throw new ApiError(res.status, errorText(await res.json().catch(() => null)) || String(res.status));
      }
      onLink(true);
      const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
      let buffer = '';
      for (;;) {
        const { value, done } = await reader.read();
        if (done) break;
        buffer += value;
        let end;
        while ((end = buffer.indexOf('\n\n')) >= 0) {
          dispatch(buffer.slice(0, end), onEvent);
          buffer = buffer.slice(end + 2);
        }
      }
      onLink(false, 'the server closed the stream');
    } catch (e) {
      onLink(false, e.message);
    }
    await sleep(1000);
  }
}

function dispatch(block, onEvent) {
  let name = 'message';
  const data = [];
  for (const line of block.split('\n')) {
    if (line.startsWith('event:')) name = line.slice(6).trim();
    else if (line.startsWith('data:')) data.push(line.slice(5).replace(/^ /, ''));
  }
  if (data.length) onEvent(name, JSON.parse(data.join('\n')));
}

// One line at the top that says what the last action did, or why it was refused.

let timer;

export function say(text, error = false) {
  const box = document.getElementById('message');
  box.textContent = text;
  box.className = error ? 'error' : 'ok';
  box.hidden = false;
  clearTimeout(timer);
  timer = setTimeout(() => { box.hidden = true; }, error ? 10000 : 4000);
}

// swift-format-ignore-file
// The widget's script, second half: sending with retries, the event stream, the start.

extension WebAssets {
    /// The widget's script from sending on.
    static let widgetScriptTail = #"""
  // ---- sending ----

  function randomId() {
    const bytes = new Uint8Array(12);
    if (window.crypto && window.crypto.getRandomValues) window.crypto.getRandomValues(bytes);
    else for (let i = 0; i < bytes.length; i += 1) bytes[i] = Math.floor(Math.random() * 256);
    return Array.from(bytes, (byte) => byte.toString(16).padStart(2, '0')).join('');
  }

  function retryAfter(response) {
    const header = response.headers.get('Retry-After') || '';
    let seconds = parseInt(header, 10);
    if (isNaN(seconds)) {
      const date = Date.parse(header);
      seconds = isNaN(date) ? 2 : Math.ceil((date - Date.now()) / 1000);
    }
    return Math.min(60, Math.max(1, seconds));
  }

  function parseJSON(text) {
    try { return JSON.parse(text); } catch (error) { return null; }
  }

  // Sends one message; `secret` shows it masked and keeps nothing of it, `silent` shows nothing.
  function send(text, options) {
    const opts = options || {};
    if (state.sending) return false;
    const message = {
      text: text, id: 'w-' + randomId(), lang: state.lang, silent: !!opts.silent,
      busyRetried: false, authRetried: false, netTries: 0, timer: null
    };
    if (!opts.silent) {
      addItem(opts.secret ? { who: 'me', text: MASK, secret: true } : { who: 'me', text: text });
      save();
    }
    setSending(true);
    deliver(message);
    return true;
  }

  function deliver(message) {
    state.pending = message;
    const body = JSON.stringify({ text: message.text, id: message.id, user: { lang: message.lang } });
    fetch('/api/messages', {
      method: 'POST', credentials: 'same-origin', cache: 'no-store',
      headers: { 'Content-Type': 'application/json', 'X-CSRF-Token': state.csrf },
      body: body
    })
      .then((response) => response.text().then((text) => ({ response: response, data: parseJSON(text) })))
      .then(
        (answer) => { setOffline('send', false); handleAnswer(message, answer.response, answer.data); },
        () => { networkFailed(message); }
      )
      .catch(() => { finish(message); });
  }

  function handleAnswer(message, response, data) {
    const status = response.status;
    if (status >= 200 && status < 300 && data && data.type !== 'error') {
      setBusy(false);
      finish(message);
      showMessages(data.messages, true);
      return;
    }
    if (status === 429 || status === 503) {
      if (!message.busyRetried) {
        message.busyRetried = true;
        setBusy(true);
        message.timer = setTimeout(() => { message.timer = null; deliver(message); }, retryAfter(response) * 1000);
        return;
      }
      setBusy(false);
      finish(message);
      renderNote(t('web.busy_failed'));
      return;
    }
    if ((status === 401 || status === 403) && !message.authRetried) {
      message.authRetried = true;
      renewSession().then(() => { deliver(message); }, () => { networkFailed(message); });
      return;
    }
    setBusy(false);
    finish(message);
    // A refused message (400, 413) is told in the server's words; anything else in ours.
    const told = data && typeof data.message === 'string' ? data.message : '';
    const readable = status === 400 || status === 413 || (status >= 200 && status < 300);
    renderNote(readable && told ? told : t('web.failed'));
  }

  function networkFailed(message) {
    setOffline('send', true);
    const delay = Math.min(30000, 1000 * Math.pow(2, message.netTries)) + Math.floor(Math.random() * 300);
    message.netTries += 1;
    message.timer = setTimeout(() => { message.timer = null; deliver(message); }, delay);
  }

  function finish(message) {
    message.text = '';
    if (message.timer) clearTimeout(message.timer);
    state.pending = null;
    setSending(false);
    // The disabled send button dropped the focus: back to the field (not after /start, not to pop up a phone's keyboard).
    if (!message.silent && (!document.activeElement || document.activeElement === document.body)) el.input.focus();
  }

  // ---- pushes ----

  function openEvents() {
    if (state.events) state.events.close();
    if (typeof EventSource === 'undefined') return;
    const url = '/api/events' + (state.lastEventId ? '?last_event_id=' + encodeURIComponent(state.lastEventId) : '');
    const source = new EventSource(url);
    state.events = source;
    source.addEventListener('open', () => {
      state.eventsDelay = 1000;
      setOffline('events', false);
    });
    source.addEventListener('push', (event) => {
      if (source !== state.events) return;
      if (event.lastEventId) state.lastEventId = event.lastEventId;
      const data = parseJSON(event.data);
      if (data && Array.isArray(data.messages)) showMessages(data.messages, false);
      else save();
    });
    source.addEventListener('error', () => {
      if (source !== state.events) return;
      setOffline('events', true);
      if (source.readyState !== EventSource.CLOSED) return;
      // Refused rather than cut (a lost cookie): a new session, then the stream again.
      const delay = state.eventsDelay;
      state.eventsDelay = Math.min(30000, delay * 2);
      setTimeout(() => {
        if (source !== state.events) return;
        renewSession().then(() => { if (source === state.events) openEvents(); }, () => { openEvents(); });
      }, delay);
    });
  }

  // ---- start ----

  function boot() {
    fetchSession(storedLang()).then((session) => {
      setOffline('send', false);
      applySession(session);
      restore();
      setSecret(state.secret);
      renderAll();
      openEvents();
      if (!state.items.length) send('/start', { silent: true });
    }, () => {
      setOffline('send', true);
      setTimeout(boot, state.bootDelay);
      state.bootDelay = Math.min(30000, state.bootDelay * 2);
    });
  }

  function start() {
    for (const id of ['log', 'composer', 'input', 'send', 'typing', 'status', 'lang']) el[id] = document.getElementById(id);
    if (/[?&]embed=1(&|$)/.test(location.search)) document.documentElement.classList.add('embed');

    el.composer.addEventListener('submit', (event) => {
      event.preventDefault();
      if (state.sending || !state.csrf) return;
      const value = el.input.value;
      if (!value.trim()) return;
      const secret = state.secret;
      el.input.value = '';
      send(secret ? value : value.trim(), { secret: secret });
    });

    el.log.addEventListener('click', (event) => {
      const button = event.target.closest('button.choice');
      if (!button || !el.log.contains(button) || state.sending || !state.csrf) return;
      send(button.textContent);
    });

    el.lang.addEventListener('click', () => {
      if (state.sending || !state.csrf) return;
      const next = state.lang === 'ru' ? 'en' : 'ru';
      state.lang = next;
      storeLang(next);
      send('/lang ' + next, { silent: true });
      fetchSession(next).then((session) => { applySession(session); }, () => { /* the old words stay */ });
    });

    window.addEventListener('online', () => {
      const message = state.pending;
      if (message && message.timer && state.offline.send) {
        clearTimeout(message.timer);
        message.timer = null;
        deliver(message);
      }
    });

    boot();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
"""#
}

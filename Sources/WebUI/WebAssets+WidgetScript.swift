// swift-format-ignore-file
// The widget's script, first half: texts, the kept conversation, drawing the messages, the session.

extension WebAssets {
    /// The widget's script up to sending.
    static let widgetScriptHead = #"""
// The chat widget: the conversation with the bot over /api/messages and /api/events.
// Every text a person reads comes from the session's `texts`; data is only ever set as text, never as HTML.
(function () {
  'use strict';

  const MASK = '\u2022\u2022\u2022\u2022\u2022\u2022';
  const MAX_ITEMS = 300;
  const LANG_KEY = 'bot-lang';
  const state = {
    chat: '', csrf: '', lang: 'ru', texts: {},
    items: [], lastEventId: '', secret: false,
    sending: false, pending: null, events: null, eventsDelay: 1000,
    offline: { send: false, events: false }, busy: false, bootDelay: 1000
  };
  const el = {};

  // ---- texts ----

  function t(key, vars) {
    let text = Object.prototype.hasOwnProperty.call(state.texts, key) ? String(state.texts[key]) : '';
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => (vars[name] !== undefined ? String(vars[name]) : whole));
    }
    return text;
  }

  function applyTexts(root) {
    const scope = root || document;
    scope.querySelectorAll('[data-t]').forEach((node) => { node.textContent = t(node.getAttribute('data-t')); });
    for (const attribute of ['placeholder', 'title', 'aria-label']) {
      scope.querySelectorAll('[data-t-' + attribute + ']').forEach((node) => {
        node.setAttribute(attribute, t(node.getAttribute('data-t-' + attribute)));
      });
    }
    if (!root) {
      document.documentElement.lang = state.lang;
      document.title = t('web.title');
      // The language button names the other language, in that language.
      el.lang.lang = state.lang === 'ru' ? 'en' : 'ru';
      el.log.querySelectorAll('.msg.bot, .msg.me').forEach(labelAuthor);
      setSecret(state.secret);
      updateStatus();
    }
  }

  function labelAuthor(node) {
    const who = node.classList.contains('bot') ? t('web.author_bot') : t('web.author_me');
    if (who) node.setAttribute('data-who', who); else node.removeAttribute('data-who');
  }

  // ---- storage: the conversation, never a secret ----

  function storageKey() { return 'bot-log:' + state.chat; }

  function isRows(rows) {
    return Array.isArray(rows) && rows.every((row) => Array.isArray(row) && row.every((label) => typeof label === 'string'));
  }

  function isTable(table) {
    return !!table && typeof table === 'object' && Array.isArray(table.columns) && isRows(table.rows);
  }

  function restore() {
    state.items = [];
    state.lastEventId = '';
    state.secret = false;
    let data = null;
    try { data = JSON.parse(localStorage.getItem(storageKey()) || 'null'); } catch (error) { data = null; }
    if (!data || typeof data !== 'object') return;
    if (Array.isArray(data.items)) {
      state.items = data.items.filter((item) => item && (item.who === 'bot' || item.who === 'me') && typeof item.text === 'string');
    }
    if (typeof data.last === 'string') state.lastEventId = data.last;
    state.secret = data.mode === 'secret';
  }

  function save() {
    if (state.items.length > MAX_ITEMS) state.items = state.items.slice(-MAX_ITEMS);
    const data = { v: 1, items: state.items, last: state.lastEventId, mode: state.secret ? 'secret' : 'text' };
    try { localStorage.setItem(storageKey(), JSON.stringify(data)); } catch (error) { /* storage full or off */ }
  }

  function storedLang() {
    try { const lang = localStorage.getItem(LANG_KEY); return lang === 'ru' || lang === 'en' ? lang : ''; } catch (error) { return ''; }
  }

  function storeLang(lang) {
    try { localStorage.setItem(LANG_KEY, lang); } catch (error) { /* ignored */ }
  }

  // ---- rendering ----

  function renderButtons(rows) {
    const box = document.createElement('div');
    box.className = 'buttons';
    for (const row of rows) {
      if (!row.length) continue;
      const line = document.createElement('div');
      line.className = 'row';
      for (const label of row) {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'choice';
        button.textContent = label;
        line.appendChild(button);
      }
      box.appendChild(line);
    }
    return box;
  }

  function renderTable(table) {
    const details = document.createElement('details');
    details.className = 'table-wrap';
    const summary = document.createElement('summary');
    summary.setAttribute('data-t', 'web.show_table');
    summary.textContent = t('web.show_table');
    details.appendChild(summary);
    const scroller = document.createElement('div');
    scroller.className = 'table-scroll';
    const grid = document.createElement('table');
    if (table.columns.length) {
      const head = grid.createTHead().insertRow();
      for (const column of table.columns) {
        const cell = document.createElement('th');
        cell.scope = 'col';
        cell.textContent = String(column);
        head.appendChild(cell);
      }
    }
    const body = grid.createTBody();
    for (const row of table.rows) {
      const line = body.insertRow();
      for (const value of row) line.insertCell().textContent = value;
    }
    scroller.appendChild(grid);
    details.appendChild(scroller);
    return details;
  }

  function renderItem(item) {
    const node = document.createElement('div');
    node.className = 'msg ' + item.who + (item.secret ? ' secret' : '');
    labelAuthor(node);
    const text = document.createElement('div');
    text.className = 'text';
    text.textContent = item.text;
    node.appendChild(text);
    if (item.table && isTable(item.table)) node.appendChild(renderTable(item.table));
    if (item.buttons && isRows(item.buttons) && item.buttons.length) node.appendChild(renderButtons(item.buttons));
    el.log.appendChild(node);
    return node;
  }

  function renderNote(text) {
    const node = document.createElement('div');
    node.className = 'msg note';
    node.setAttribute('role', 'alert');
    const body = document.createElement('div');
    body.className = 'text';
    body.textContent = text;
    node.appendChild(body);
    el.log.appendChild(node);
    scrollDown();
  }

  function renderAll() {
    el.log.textContent = '';
    for (const item of state.items) renderItem(item);
    scrollDown();
  }

  function scrollDown() { el.log.scrollTop = el.log.scrollHeight; }

  function addItem(item) {
    state.items.push(item);
    renderItem(item);
  }

  // Shows a turn's or a push's messages as the bot's bubbles; a turn also sets what the next input is.
  function showMessages(messages, fromTurn) {
    const list = Array.isArray(messages) ? messages.filter((message) => message && typeof message === 'object') : [];
    let secret = false;
    for (const message of list) {
      const item = { who: 'bot', text: typeof message.text === 'string' ? message.text : '' };
      if (isRows(message.buttons) && message.buttons.length) item.buttons = message.buttons;
      if (isTable(message.table)) item.table = { columns: message.table.columns.map(String), rows: message.table.rows };
      addItem(item);
      if (message.input === 'secret') secret = true;
      else if (message.input === 'text') secret = false;
    }
    if (fromTurn) setSecret(secret);
    save();
    scrollDown();
  }

  function setSecret(on) {
    state.secret = !!on;
    const wanted = state.secret ? 'password' : 'text';
    if (el.input.type !== wanted) {
      el.input.value = '';
      el.input.type = wanted;
    }
    el.input.setAttribute('autocomplete', state.secret ? 'current-password' : 'off');
    el.input.setAttribute('data-t-placeholder', state.secret ? 'web.placeholder_secret' : 'web.placeholder');
    el.input.placeholder = t(state.secret ? 'web.placeholder_secret' : 'web.placeholder');
  }

  // ---- status line ----

  function updateStatus() {
    let text = '';
    if (state.offline.send || state.offline.events) text = t('web.offline');
    else if (state.busy) text = t('web.busy');
    el.status.textContent = text;
    el.status.hidden = !text;
  }

  function setOffline(which, on) {
    if (state.offline[which] === on) return;
    state.offline[which] = on;
    updateStatus();
  }

  function setBusy(on) {
    if (state.busy === on) return;
    state.busy = on;
    updateStatus();
  }

  function setSending(on) {
    state.sending = on;
    el.typing.hidden = !on;
    el.send.disabled = on;
    el.lang.setAttribute('aria-disabled', on ? 'true' : 'false');
    if (on) scrollDown();
  }

  // ---- the session ----

  function fetchSession(lang) {
    const query = lang ? '?lang=' + encodeURIComponent(lang) : '';
    return fetch('/api/session' + query, { credentials: 'same-origin', cache: 'no-store' }).then((response) => {
      if (!response.ok) throw new Error('session: ' + response.status);
      return response.json();
    });
  }

  // Takes a session's chat, token, language and texts; answers whether the chat changed.
  function applySession(session) {
    const chat = typeof session.chat === 'string' ? session.chat : '';
    const changed = chat !== state.chat;
    state.chat = chat;
    state.csrf = typeof session.csrf === 'string' ? session.csrf : '';
    if (session.lang === 'ru' || session.lang === 'en') state.lang = session.lang;
    if (session.texts && typeof session.texts === 'object') state.texts = session.texts;
    applyTexts();
    return changed;
  }

  // After a 401: a new session; a new chat also needs a new event stream.
  function renewSession() {
    return fetchSession(state.lang).then((session) => {
      if (applySession(session)) {
        state.lastEventId = '';
        save();
        openEvents();
      }
    });
  }

"""#
}

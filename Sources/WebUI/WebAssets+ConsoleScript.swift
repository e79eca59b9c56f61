// swift-format-ignore-file
// The console's script, first half: texts, the API, logging in, live updates, the queue.

extension WebAssets {
    /// The console's script up to the open ticket.
    static let consoleScriptHead = #"""
// The support console: the queue, one ticket at a time, and the actions on organizations, over /agent/api/.
// Every text a person reads comes from the session's `texts`; data is only ever set as text, never as HTML.
(function () {
  'use strict';

  const POLL_MS = 15000;
  const state = {
    csrf: '', lang: 'ru', texts: {}, agent: null,
    openId: null, ticketKey: '', ticketId: null, prefill: {}, queueKey: '',
    events: null, eventsDelay: 1000, poll: null, bootDelay: 1000,
    queueLoading: false, queueAgain: false, offline: { api: false, events: false }
  };
  const FORMS = {
    register: {
      form: 'register-form', path: 'register', action: 'register', opener: 'open-register', button: 'ticket-register',
      fields: { inn: 'reg-inn', name: 'reg-name', email: 'reg-email', region: 'reg-region', director: 'reg-director' },
      prefill: ['inn', 'name', 'email']
    },
    confirm: {
      form: 'confirm-form', path: 'confirm-director', action: 'confirm_director', opener: 'open-confirm',
      button: 'ticket-confirm', fields: { inn: 'confirm-inn' }, prefill: ['inn']
    },
    change: {
      form: 'change-form', path: 'change-director', action: 'change_director', opener: 'open-change',
      button: 'ticket-change', fields: { inn: 'change-inn', director: 'change-director', email: 'change-email' },
      prefill: ['inn']
    }
  };
  const el = {};

  // ---- texts ----

  function t(key, vars) {
    let text = Object.prototype.hasOwnProperty.call(state.texts, key) ? String(state.texts[key]) : '';
    if (vars) {
      text = text.replace(/\{(\w+)\}/g, (whole, name) => (vars[name] !== undefined && vars[name] !== null ? String(vars[name]) : whole));
    }
    return text;
  }

  function applyTexts() {
    document.querySelectorAll('[data-t]').forEach((node) => { node.textContent = t(node.getAttribute('data-t')); });
    for (const attribute of ['placeholder', 'title', 'aria-label']) {
      document.querySelectorAll('[data-t-' + attribute + ']').forEach((node) => {
        node.setAttribute(attribute, t(node.getAttribute('data-t-' + attribute)));
      });
    }
    document.documentElement.lang = state.lang;
    document.title = t('console.title');
    for (const key of Object.keys(FORMS)) bindForm(key, document.getElementById(FORMS[key].form).dataset.ticket || null);
    updateStatus();
  }

  function str(value) { return value === undefined || value === null ? '' : String(value); }

  function node(tag, className, text) {
    const made = document.createElement(tag);
    if (className) made.className = className;
    if (text !== undefined) made.textContent = str(text);
    return made;
  }

  function formatTime(iso) {
    const date = new Date(str(iso));
    if (!iso || isNaN(date.getTime())) return str(iso);
    try {
      return date.toLocaleString(state.lang === 'en' ? 'en-GB' : 'ru-RU', {
        day: 'numeric', month: 'short', hour: '2-digit', minute: '2-digit'
      });
    } catch (error) {
      return date.toISOString();
    }
  }

  // ---- status, notice ----

  function updateStatus() {
    const text = state.agent && (state.offline.api || state.offline.events) ? t('console.offline') : '';
    el.status.textContent = text;
    el.status.hidden = !text;
  }

  function setOffline(which, on) {
    if (state.offline[which] === on) return;
    state.offline[which] = on;
    updateStatus();
  }

  function notice(text, isError) {
    el.notice.textContent = text;
    el.notice.className = isError ? 'error' : 'ok';
    el.notice.setAttribute('role', isError ? 'alert' : 'status');
    el.notice.hidden = !text;
  }

  function announce(text) {
    el.announce.textContent = '';
    window.setTimeout(() => { el.announce.textContent = text; }, 50);
  }

  // ---- the API ----

  function parseJSON(text) {
    try { const value = JSON.parse(text); return value && typeof value === 'object' ? value : {}; } catch (error) { return {}; }
  }

  // Answers {status, data}; status 0 is a network failure. A POST refused for its token gets a fresh token and one retry.
  function api(method, path, body, retried) {
    const init = { method: method, credentials: 'same-origin', cache: 'no-store', headers: {} };
    if (method === 'POST') {
      init.headers['Content-Type'] = 'application/json';
      init.headers['X-CSRF-Token'] = state.csrf;
      init.body = JSON.stringify(body || {});
    }
    return fetch('/agent/api/' + path, init)
      .then((response) => response.text().then((text) => ({ status: response.status, data: parseJSON(text) })))
      .then((answer) => { setOffline('api', false); return answer; }, () => { setOffline('api', true); return { status: 0, data: {} }; })
      .then((answer) => {
        if (answer.status !== 403 || method !== 'POST' || retried) return answer;
        return fetchSession().then((session) => {
          applySession(session);
          if (!session.agent && path !== 'login') return { status: 401, data: {} };
          return api(method, path, body, true);
        }, () => answer);
      });
  }

  // The answers every call treats alike; true when this one was handled.
  function handled(answer, quiet) {
    switch (answer.status) {
      case 401: showLogin(str(answer.data.message)); return true;
      case 403: notice(str(answer.data.message) || t('console.failed'), true); return true;
      case 0: if (!quiet) notice(t('console.offline'), true); return true;
      case 429: case 503: if (!quiet) notice(t('console.busy'), true); return true;
      default: return false;
    }
  }

  function fetchSession() {
    return fetch('/agent/api/session', { credentials: 'same-origin', cache: 'no-store' }).then((response) => {
      if (!response.ok) throw new Error('session: ' + response.status);
      return response.json();
    });
  }

  function applySession(session) {
    if (typeof session.csrf === 'string') state.csrf = session.csrf;
    if (session.lang === 'ru' || session.lang === 'en') state.lang = session.lang;
    if (session.texts && typeof session.texts === 'object') state.texts = session.texts;
    applyTexts();
  }

  // ---- logging in and out ----

  function showLogin(message) {
    state.agent = null;
    stopLive();
    state.openId = null;
    state.ticketKey = '';
    state.queueKey = '';
    el.account.hidden = true;
    el.workspace.hidden = true;
    el.loginForm.hidden = false;
    el.password.value = '';
    el.loginError.textContent = message || '';
    updateStatus();
    (el.login.value ? el.password : el.login).focus();
  }

  function enter(agent) {
    state.agent = agent;
    el.whoami.textContent = str(agent.name) || str(agent.login);
    el.loginForm.hidden = true;
    el.loginError.textContent = '';
    el.account.hidden = false;
    el.workspace.hidden = false;
    notice('', false);
    showTicket(null);
    loadQueue();
    startLive();
  }

  function login(event) {
    event.preventDefault();
    if (el.loginSubmit.disabled) return;
    const name = el.login.value.trim();
    const password = el.password.value;
    el.password.value = '';
    if (!name || !password) {
      el.loginError.textContent = t('console.login_missing');
      (name ? el.password : el.login).focus();
      return;
    }
    el.loginSubmit.disabled = true;
    el.loginError.textContent = '';
    api('POST', 'login', { login: name, password: password }).then((answer) => {
      el.loginSubmit.disabled = false;
      el.password.value = '';
      if (answer.status === 200 && answer.data.agent) {
        enter(answer.data.agent);
        // For instance how many wrong attempts came before this login.
        if (answer.data.notice) notice(str(answer.data.notice), false);
        return;
      }
      let message = str(answer.data.message);
      if (answer.status === 0) message = t('console.offline');
      else if (answer.status === 429 || answer.status === 503) message = t('console.busy');
      el.loginError.textContent = message || t('console.login_failed');
      el.password.focus();
    });
  }

  function logout() {
    el.logout.disabled = true;
    api('POST', 'logout', {}).then((answer) => {
      el.logout.disabled = false;
      if (answer.status === 200 || answer.status === 401) showLogin('');
      else handled(answer) || notice(str(answer.data.message) || t('console.failed'), true);
    });
  }

  // ---- live updates: the event stream and the 15 s poll ----

  function startLive() {
    stopLive();
    state.poll = window.setInterval(() => { loadQueue(); if (state.openId !== null) loadTicket(state.openId, false); }, POLL_MS);
    openEvents();
  }

  function stopLive() {
    if (state.poll) window.clearInterval(state.poll);
    state.poll = null;
    if (state.events) state.events.close();
    state.events = null;
    state.offline.events = false;
  }

  function openEvents() {
    if (typeof EventSource === 'undefined') return;
    if (state.events) state.events.close();
    const source = new EventSource('/agent/api/events');
    state.events = source;
    source.addEventListener('open', () => { state.eventsDelay = 1000; setOffline('events', false); });
    source.addEventListener('push', (event) => {
      if (source !== state.events) return;
      const data = parseJSON(event.data);
      if (Array.isArray(data.messages)) {
        const texts = data.messages.map((message) => str(message && message.text)).filter(Boolean);
        if (texts.length) announce(texts.join('\n'));
      }
      loadQueue();
      if (state.openId !== null) loadTicket(state.openId, false);
    });
    source.addEventListener('error', () => {
      if (source !== state.events) return;
      setOffline('events', true);
      if (source.readyState !== EventSource.CLOSED) return;
      const delay = state.eventsDelay;
      state.eventsDelay = Math.min(30000, delay * 2);
      window.setTimeout(() => {
        if (source !== state.events) return;
        fetchSession().then((session) => {
          if (source !== state.events) return;
          applySession(session);
          if (session.agent) openEvents(); else showLogin('');
        }, () => { if (source === state.events) openEvents(); });
      }, delay);
    });
  }

  // ---- the queue ----

  function loadQueue() {
    if (!state.agent) return;
    if (state.queueLoading) { state.queueAgain = true; return; }
    state.queueLoading = true;
    api('GET', 'queue').then((answer) => {
      state.queueLoading = false;
      if (answer.status === 200) renderQueue(answer.data);
      else if (!handled(answer, true) && answer.data.message) notice(str(answer.data.message), true);
      if (state.queueAgain) { state.queueAgain = false; loadQueue(); }
    });
  }

  function renderQueue(data) {
    if (!state.agent) return;
    el.counts.textContent = t('console.counts', { open: str(data.open || 0), taken: str(data.taken || 0) });
    const tickets = Array.isArray(data.tickets) ? data.tickets : [];
    const key = JSON.stringify(tickets);
    if (key === state.queueKey) { markOpenRow(); return; }
    state.queueKey = key;
    const focused = document.activeElement && document.activeElement.closest && document.activeElement.closest('tr.ticket');
    const focusedId = focused ? focused.getAttribute('data-id') : null;
    const body = el.queue.tBodies[0];
    body.textContent = '';
    for (const row of tickets) {
      if (!row || typeof row !== 'object') continue;
      const line = document.createElement('tr');
      line.className = 'ticket' + (row.mine ? ' mine' : '');
      line.setAttribute('data-id', str(row.id));
      line.tabIndex = 0;
      line.appendChild(node('td', 'num', row.id));
      line.appendChild(node('td', 'kind', row.kind_label || row.kind));
      const status = node('td', 'status', row.status_label || row.status);
      if (row.mine) status.appendChild(star());
      line.appendChild(status);
      line.appendChild(node('td', 'age', row.age));
      line.appendChild(orgCell(row.organization));
      line.appendChild(node('td', 'preview', row.preview));
      line.appendChild(node('td', 'from', row.from));
      body.appendChild(line);
    }
    el.queueEmpty.hidden = tickets.length > 0;
    markOpenRow();
    if (focusedId !== null) {
      const again = body.querySelector('tr.ticket[data-id="' + cssEscape(focusedId) + '"]');
      if (again) again.focus();
    }
  }

  function cssEscape(value) {
    return window.CSS && window.CSS.escape ? window.CSS.escape(value) : value.replace(/[^\w-]/g, '');
  }

  function star() {
    const mark = node('span', 'star');
    mark.appendChild(document.createTextNode(' '));
    const glyph = node('span', '', '\u2605');
    glyph.setAttribute('aria-hidden', 'true');
    glyph.title = t('console.mine');
    mark.appendChild(glyph);
    mark.appendChild(node('span', 'sr-only', ' ' + t('console.mine')));
    return mark;
  }

  function orgCell(organization) {
    const cell = node('td', 'org');
    if (organization && typeof organization === 'object' && (organization.name || organization.inn)) {
      if (organization.name) cell.appendChild(node('span', 'name', organization.name));
      if (organization.inn) cell.appendChild(node('span', 'inn', t('console.inn', { inn: str(organization.inn) })));
    } else {
      cell.textContent = '\u2014';
    }
    return cell;
  }

  function markOpenRow() {
    el.queue.querySelectorAll('tr.ticket').forEach((row) => {
      if (state.openId !== null && row.getAttribute('data-id') === String(state.openId)) row.setAttribute('aria-current', 'true');
      else row.removeAttribute('aria-current');
    });
  }

"""#
}

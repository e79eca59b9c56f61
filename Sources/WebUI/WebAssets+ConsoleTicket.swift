// swift-format-ignore-file
// The console's script, second half: the open ticket, its actions, the action forms, the start.

extension WebAssets {
    /// The console's script from the open ticket on.
    static let consoleScriptTail = #"""
  // ---- one ticket ----

  function openTicket(id) {
    state.openId = id;
    markOpenRow();
    loadTicket(id, true);
  }

  function loadTicket(id, focus) {
    api('GET', 'tickets/' + encodeURIComponent(id)).then((answer) => {
      if (String(state.openId) !== String(id)) return;
      if (answer.status === 200 && answer.data.ticket) {
        renderTicket(answer.data);
        if (focus) el.ticketTitle.focus();
      } else if (!handled(answer, !focus) && focus) {
        notice(str(answer.data.message) || t('console.failed'), true);
        if (answer.status === 404) { state.openId = null; showTicket(null); markOpenRow(); }
      }
    });
  }

  function showTicket(on) {
    el.ticketNone.hidden = !!on;
    el.ticketBody.hidden = !on;
    if (!on) {
      state.ticketKey = '';
      state.ticketId = null;
      state.prefill = {};
      el.answerText.value = '';
      el.closeResolution.value = '';
    }
  }

  function renderTicket(data) {
    const key = JSON.stringify(data);
    if (key === state.ticketKey) return;
    state.ticketKey = key;
    const ticket = data.ticket;
    const id = str(ticket.id);
    if (state.ticketId !== id) {
      el.answerText.value = '';
      el.closeResolution.value = '';
      el.answerText.removeAttribute('aria-invalid');
      el.closeResolution.removeAttribute('aria-invalid');
    }
    const newEntries = state.ticketId !== id || el.history.children.length !== (Array.isArray(data.messages) ? data.messages.length : 0);
    state.ticketId = id;
    state.prefill = data.prefill && typeof data.prefill === 'object' ? data.prefill : {};
    showTicket(true);

    el.ticketTitle.textContent = [
      t('console.ticket_heading', { n: id }), str(ticket.kind_label || ticket.kind), str(ticket.status_label || ticket.status)
    ].filter(Boolean).join(' \u00b7 ');
    if (ticket.mine) el.ticketTitle.appendChild(star());

    renderContext(ticket);
    renderHistory(Array.isArray(data.messages) ? data.messages : [], newEntries);

    const actions = Array.isArray(data.actions) ? data.actions : [];
    const offered = (action) => actions.indexOf(action) >= 0;
    el.take.hidden = !offered('take');
    el.answerBox.hidden = !offered('answer');
    el.closeBox.hidden = !offered('close');
    for (const form of Object.values(FORMS)) document.getElementById(form.button).hidden = !offered(form.action);
    renderSuggestions(Array.isArray(data.suggestions) ? data.suggestions : []);
    // A button that went away (Take, once taken) took the focus with it: it goes to the ticket's title.
    if (!document.activeElement || document.activeElement === document.body) el.ticketTitle.focus();
  }

  function renderContext(ticket) {
    const list = el.context;
    list.textContent = '';
    const context = ticket.context && typeof ticket.context === 'object' ? ticket.context : {};
    function add(label, value) {
      if (!value) return;
      list.appendChild(node('dt', '', t(label)));
      list.appendChild(node('dd', '', value));
    }
    const org = ticket.organization;
    if (org && typeof org === 'object') {
      add('console.context_organization', [str(org.name), org.inn ? t('console.inn', { inn: str(org.inn) }) : ''].filter(Boolean).join(', '));
    }
    const account = ticket.account;
    if (account && typeof account === 'object') {
      const role = str(account.role);
      add('console.context_account', str(account.name) + (role ? ' (' + role + ')' : ''));
    }
    add('console.context_email', str(context.email));
    add('console.context_subject', str(context.subject));
    if (context.dialog) {
      add('console.context_from', context.step
        ? t('console.context_from_value', { dialog: str(context.dialog), step: str(context.step) })
        : str(context.dialog));
    }
    add('console.context_chat', str(context.chat));
    add('console.col_from', str(ticket.from));
    add('console.context_opened', [formatTime(ticket.opened_at), str(ticket.age)].filter(Boolean).join(' \u00b7 '));
    add('console.context_resolution', str(ticket.resolution));
  }

  function renderHistory(messages, scroll) {
    el.history.textContent = '';
    for (const message of messages) {
      if (!message || typeof message !== 'object') continue;
      const agent = message.author === 'agent';
      const entry = node('div', 'entry ' + (agent ? 'agent' : 'requester'));
      const meta = node('div', 'meta');
      const author = str(message.author_label) || t(agent ? 'console.author_agent' : 'console.author_requester');
      meta.appendChild(node('span', 'author', author));
      if (message.at) {
        const time = node('time', 'at', formatTime(message.at));
        time.dateTime = str(message.at);
        meta.appendChild(time);
      }
      entry.appendChild(meta);
      entry.appendChild(node('div', 'text', message.text));
      el.history.appendChild(entry);
    }
    if (scroll) el.history.scrollTop = el.history.scrollHeight;
  }

  function renderSuggestions(suggestions) {
    el.suggestions.textContent = '';
    for (const text of suggestions) {
      if (typeof text !== 'string' || !text) continue;
      const item = document.createElement('li');
      const button = node('button', 'suggestion', text);
      button.type = 'button';
      item.appendChild(button);
      el.suggestions.appendChild(item);
    }
    el.suggestionsBox.hidden = !el.suggestions.children.length;
  }

  // ---- actions on the open ticket ----

  function afterAction(answer, fields) {
    if (answer.status === 200) {
      notice(str(answer.data.message), false);
      return true;
    }
    if (handled(answer)) return false;
    notice(str(answer.data.message) || t('console.failed'), true);
    const field = fields && answer.data.field ? fields[answer.data.field] : null;
    if (field) {
      const input = document.getElementById(field);
      input.setAttribute('aria-invalid', 'true');
      input.focus();
    }
    return false;
  }

  function ticketAction(verb, body, button, fields, done) {
    const id = state.ticketId;
    if (id === null || button.disabled) return;
    button.disabled = true;
    api('POST', 'tickets/' + encodeURIComponent(id) + '/' + verb, body).then((answer) => {
      button.disabled = false;
      const ok = afterAction(answer, fields);
      if (ok && done) done();
      refreshAfterAction();
    });
  }

  function refreshAfterAction() {
    loadQueue();
    if (state.openId !== null && state.agent) loadTicket(state.openId, false);
  }

  // ---- the action forms ----

  function bindForm(key, ticket) {
    const form = document.getElementById(FORMS[key].form);
    const bound = form.querySelector('.bound');
    if (ticket) {
      form.dataset.ticket = ticket;
      form.querySelector('.bound-text').textContent = t('console.bound', { n: ticket });
    } else {
      delete form.dataset.ticket;
    }
    bound.hidden = !ticket;
    form.classList.toggle('bound-to-ticket', !!ticket);
  }

  function openForm(key, fromTicket) {
    const spec = FORMS[key];
    const form = document.getElementById(spec.form);
    if (fromTicket && state.ticketId !== null) {
      bindForm(key, state.ticketId);
      for (const name of spec.prefill) {
        const value = state.prefill[name];
        if (value !== undefined && value !== null && value !== '') document.getElementById(spec.fields[name]).value = String(value);
      }
    } else {
      bindForm(key, null);
    }
    form.scrollIntoView({ block: 'nearest' });
    const first = Object.values(spec.fields).map((id) => document.getElementById(id)).find((input) => !input.value) ||
      document.getElementById(Object.values(spec.fields)[0]);
    first.focus();
  }

  function submitForm(key, event) {
    event.preventDefault();
    const spec = FORMS[key];
    const form = document.getElementById(spec.form);
    const submit = form.querySelector('button[type="submit"]');
    if (submit.disabled) return;
    const body = {};
    for (const [name, id] of Object.entries(spec.fields)) {
      const input = document.getElementById(id);
      input.removeAttribute('aria-invalid');
      const value = input.value.trim();
      if (value || name !== 'email' || key === 'register') body[name] = value;
    }
    const ticket = form.dataset.ticket;
    if (ticket) body.ticket = /^\d+$/.test(ticket) ? Number(ticket) : ticket;
    submit.disabled = true;
    api('POST', spec.path, body).then((answer) => {
      submit.disabled = false;
      if (afterAction(answer, spec.fields)) {
        for (const id of Object.values(spec.fields)) document.getElementById(id).value = '';
        bindForm(key, null);
      }
      refreshAfterAction();
    });
  }

  // ---- start ----

  function boot() {
    fetchSession().then((session) => {
      setOffline('api', false);
      applySession(session);
      if (session.agent) enter(session.agent); else showLogin('');
    }, () => {
      setOffline('api', true);
      window.setTimeout(boot, state.bootDelay);
      state.bootDelay = Math.min(30000, state.bootDelay * 2);
    });
  }

  function start() {
    const ids = {
      status: 'status', announce: 'announce', account: 'account', whoami: 'whoami', logout: 'logout',
      loginForm: 'login-form', login: 'login', password: 'password', loginSubmit: 'login-submit', loginError: 'login-error',
      workspace: 'workspace', notice: 'notice', refresh: 'refresh', counts: 'counts', queue: 'queue', queueEmpty: 'queue-empty',
      ticket: 'ticket', ticketNone: 'ticket-none', ticketBody: 'ticket-body', ticketTitle: 'ticket-title',
      context: 'ticket-context', history: 'ticket-history', take: 'take', answerBox: 'answer-box', answerText: 'answer-text',
      answerSend: 'answer-send', closeBox: 'close-box', closeResolution: 'close-resolution', close: 'close',
      suggestionsBox: 'suggestions-box', suggestions: 'suggestions'
    };
    for (const [name, id] of Object.entries(ids)) el[name] = document.getElementById(id);

    el.loginForm.addEventListener('submit', login);
    el.logout.addEventListener('click', logout);
    el.refresh.addEventListener('click', () => { state.queueKey = ''; refreshAfterAction(); });

    const body = el.queue.tBodies[0];
    body.addEventListener('click', (event) => {
      const row = event.target.closest('tr.ticket');
      if (row) openTicket(row.getAttribute('data-id'));
    });
    body.addEventListener('keydown', (event) => {
      const row = event.target.closest('tr.ticket');
      if (!row || event.target !== row || (event.key !== 'Enter' && event.key !== ' ')) return;
      event.preventDefault();
      openTicket(row.getAttribute('data-id'));
    });

    el.take.addEventListener('click', () => { ticketAction('take', {}, el.take, null, null); });
    el.answerSend.addEventListener('click', () => {
      const text = el.answerText.value.trim();
      if (!text) {
        el.answerText.setAttribute('aria-invalid', 'true');
        notice(t('console.answer_empty'), true);
        el.answerText.focus();
        return;
      }
      ticketAction('answer', { text: text }, el.answerSend, { text: 'answer-text' }, () => { el.answerText.value = ''; });
    });
    el.answerText.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) { event.preventDefault(); el.answerSend.click(); }
    });
    el.close.addEventListener('click', () => {
      ticketAction('close', { resolution: el.closeResolution.value.trim() }, el.close, { resolution: 'close-resolution' },
        () => { el.closeResolution.value = ''; });
    });
    el.closeResolution.addEventListener('keydown', (event) => {
      if (event.key === 'Enter') { event.preventDefault(); el.close.click(); }
    });
    el.suggestions.addEventListener('click', (event) => {
      const button = event.target.closest('button.suggestion');
      if (!button) return;
      el.answerText.value = button.textContent;
      el.answerText.removeAttribute('aria-invalid');
      el.answerText.focus();
    });

    for (const key of Object.keys(FORMS)) {
      const spec = FORMS[key];
      const form = document.getElementById(spec.form);
      form.addEventListener('submit', (event) => { submitForm(key, event); });
      form.querySelector('.unbind').addEventListener('click', () => { bindForm(key, null); });
      document.getElementById(spec.opener).addEventListener('click', () => { openForm(key, false); });
      document.getElementById(spec.button).addEventListener('click', () => { openForm(key, true); });
    }
    document.addEventListener('input', (event) => {
      if (event.target && event.target.removeAttribute) event.target.removeAttribute('aria-invalid');
    });

    boot();
  }

  if (document.readyState === 'loading') document.addEventListener('DOMContentLoaded', start);
  else start();
})();
"""#
}

// swift-format-ignore-file
// The support console's page and style.

extension WebAssets {
    /// The console's page: `GET /agent`.
    static let consolePage = #"""
<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title></title>
<link rel="stylesheet" href="/agent.css">
</head>
<body>
<header class="bar">
  <h1 data-t="console.title"></h1>
  <div id="account" class="account" hidden>
    <span class="who"><span data-t="console.whoami_label"></span> <strong id="whoami"></strong></span>
    <button id="logout" type="button" data-t="console.logout"></button>
  </div>
</header>
<div id="status" role="status" hidden></div>
<div id="announce" class="sr-only" aria-live="polite"></div>

<main id="main">
<div class="login-view">
  <form id="login-form" class="card" novalidate hidden>
    <h2 data-t="console.login_heading"></h2>
    <label for="login" data-t="console.login_label"></label>
    <input id="login" name="login" type="text" autocomplete="username" autocapitalize="off" spellcheck="false" required>
    <label for="password" data-t="console.password_label"></label>
    <input id="password" name="password" type="password" autocomplete="current-password" required>
    <button id="login-submit" type="submit" class="primary" data-t="console.login_submit"></button>
    <p id="login-error" role="alert"></p>
  </form>
</div>

<div id="workspace" hidden>
  <div id="notice" role="status" aria-live="polite" hidden></div>
  <nav class="toolbar" data-t-aria-label="console.tools_label">
    <button id="refresh" type="button" data-t="console.refresh"></button>
    <button id="open-register" type="button" data-t="console.open_register"></button>
    <button id="open-confirm" type="button" data-t="console.open_confirm"></button>
    <button id="open-change" type="button" data-t="console.open_change"></button>
  </nav>
  <div class="panes">
    <section class="queue-pane" aria-labelledby="queue-heading">
      <div class="pane-head">
        <h2 id="queue-heading" data-t="console.queue_heading"></h2>
        <p id="counts"></p>
      </div>
      <div class="table-scroll">
        <table id="queue">
          <thead>
            <tr>
              <th scope="col" data-t="console.col_number"></th>
              <th scope="col" data-t="console.col_kind"></th>
              <th scope="col" data-t="console.col_status"></th>
              <th scope="col" data-t="console.col_age"></th>
              <th scope="col" data-t="console.col_org"></th>
              <th scope="col" data-t="console.col_preview"></th>
              <th scope="col" data-t="console.col_from"></th>
            </tr>
          </thead>
          <tbody></tbody>
        </table>
      </div>
      <p id="queue-empty" class="muted" data-t="console.queue_empty" hidden></p>
    </section>

    <section id="ticket" class="ticket-pane" aria-labelledby="ticket-title">
      <p id="ticket-none" class="muted" data-t="console.ticket_none"></p>
      <div id="ticket-body" hidden>
        <h2 id="ticket-title" tabindex="-1"></h2>
        <dl id="ticket-context"></dl>
        <h3 data-t="console.history_heading"></h3>
        <div id="ticket-history"></div>
        <div id="ticket-actions" class="actions">
          <button id="take" type="button" class="primary" data-t="console.take" hidden></button>
          <div id="answer-box" class="box" hidden>
            <div id="suggestions-box" hidden>
              <h3 data-t="console.suggestions_heading"></h3>
              <p class="muted small" data-t="console.suggestions_hint"></p>
              <ul id="suggestions"></ul>
            </div>
            <label for="answer-text" data-t="console.answer_label"></label>
            <textarea id="answer-text" rows="4" maxlength="4000"></textarea>
            <button id="answer-send" type="button" class="primary" data-t="console.answer_send"></button>
          </div>
          <div id="close-box" class="box" hidden>
            <label for="close-resolution" data-t="console.close_label"></label>
            <input id="close-resolution" type="text" maxlength="1000">
            <button id="close" type="button" data-t="console.close"></button>
          </div>
          <div id="ticket-forms" class="row-buttons">
            <button id="ticket-register" type="button" data-t="console.open_register" hidden></button>
            <button id="ticket-confirm" type="button" data-t="console.open_confirm" hidden></button>
            <button id="ticket-change" type="button" data-t="console.open_change" hidden></button>
          </div>
        </div>
      </div>
    </section>
  </div>

  <section class="forms" aria-labelledby="forms-heading">
    <h2 id="forms-heading" data-t="console.forms_heading"></h2>
    <div class="form-grid">
      <form id="register-form" class="card action-form" data-action="register" novalidate>
        <h3 data-t="console.open_register"></h3>
        <p class="bound" hidden><span class="bound-text"></span> <button type="button" class="unbind link" data-t="console.unbind"></button></p>
        <label for="reg-inn" data-t="console.field_inn"></label>
        <input id="reg-inn" name="inn" type="text" inputmode="numeric" autocomplete="off" maxlength="12">
        <label for="reg-name" data-t="console.field_name"></label>
        <input id="reg-name" name="name" type="text" autocomplete="off">
        <label for="reg-email" data-t="console.field_email"></label>
        <input id="reg-email" name="email" type="email" autocomplete="off">
        <label for="reg-region" data-t="console.field_region"></label>
        <input id="reg-region" name="region" type="text" autocomplete="off">
        <label for="reg-director" data-t="console.field_director"></label>
        <input id="reg-director" name="director" type="text" autocomplete="off">
        <button id="reg-submit" type="submit" class="primary" data-t="console.reg_submit"></button>
      </form>
      <form id="confirm-form" class="card action-form" data-action="confirm-director" novalidate>
        <h3 data-t="console.open_confirm"></h3>
        <p class="bound" hidden><span class="bound-text"></span> <button type="button" class="unbind link" data-t="console.unbind"></button></p>
        <label for="confirm-inn" data-t="console.field_inn"></label>
        <input id="confirm-inn" name="inn" type="text" inputmode="numeric" autocomplete="off" maxlength="12">
        <button id="confirm-submit" type="submit" class="primary" data-t="console.confirm_submit"></button>
      </form>
      <form id="change-form" class="card action-form" data-action="change-director" novalidate>
        <h3 data-t="console.open_change"></h3>
        <p class="bound" hidden><span class="bound-text"></span> <button type="button" class="unbind link" data-t="console.unbind"></button></p>
        <label for="change-inn" data-t="console.field_inn"></label>
        <input id="change-inn" name="inn" type="text" inputmode="numeric" autocomplete="off" maxlength="12">
        <label for="change-director" data-t="console.field_new_director"></label>
        <input id="change-director" name="director" type="text" autocomplete="off">
        <label for="change-email" data-t="console.field_new_email"></label>
        <input id="change-email" name="email" type="email" autocomplete="off">
        <button id="change-submit" type="submit" class="primary" data-t="console.change_submit"></button>
      </form>
    </div>
  </section>
</div>
</main>
<script src="/agent.js" defer></script>
</body>
</html>
"""#

    /// The console's style: `GET /agent.css`.
    static let consoleStyle = #"""
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { margin: 0; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 15px; line-height: 1.45;
  color: #1f2328; background: #f6f7f9;
}
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
:focus-visible { outline: 3px solid #1a66d6; outline-offset: 2px; }
h1 { font-size: 1.1rem; margin: 0; font-weight: 600; }
h2 { font-size: 1.05rem; margin: 0 0 8px; font-weight: 600; }
h3 { font-size: 0.95rem; margin: 14px 0 6px; font-weight: 600; }
.muted { color: #5b636d; }
.small { font-size: 0.85rem; margin: 0 0 6px; }
button {
  font: inherit; cursor: pointer; min-height: 34px;
  padding: 5px 12px; border-radius: 8px;
  border: 1px solid #c9ced5; background: #fff; color: #1f2328;
}
button:hover { background: #f0f3f7; }
button:disabled { opacity: 0.55; cursor: default; }
button.primary { background: #1a66d6; border-color: #1a66d6; color: #fff; font-weight: 600; }
button.primary:hover { background: #1557b8; }
button.link { border: 0; background: none; color: #174ea6; padding: 0 4px; min-height: 0; text-decoration: underline; }
input, textarea {
  font: inherit; color: inherit; width: 100%;
  padding: 7px 10px; border: 1px solid #c9ced5; border-radius: 8px; background: #fff;
}
textarea { resize: vertical; }
input[aria-invalid="true"], textarea[aria-invalid="true"] { border-color: #c62828; box-shadow: 0 0 0 1px #c62828; }
label { display: block; font-size: 0.88rem; color: #3d444d; margin: 8px 0 3px; }
.bar {
  display: flex; align-items: center; gap: 12px; flex-wrap: wrap;
  padding: 10px 16px; background: #fff; border-bottom: 1px solid #e3e6ea;
}
.bar h1 { flex: 1; }
.account { display: flex; align-items: center; gap: 10px; flex-wrap: wrap; }
#status { padding: 8px 16px; background: #fff4d6; color: #5c4300; border-bottom: 1px solid #f0dca0; }
main { padding: 12px 16px 32px; max-width: 1400px; margin: 0 auto; }
.card { background: #fff; border: 1px solid #e3e6ea; border-radius: 12px; padding: 14px 16px; }
.login-view #login-form { max-width: 360px; margin: 40px auto; }
#login-form button { margin-top: 14px; width: 100%; }
#login-error { color: #b3261e; min-height: 1.4em; margin: 10px 0 0; }
#login-error:empty { display: none; }
#notice {
  position: sticky; top: 0; z-index: 5;
  margin: 0 0 10px; padding: 8px 12px; border-radius: 8px; white-space: pre-wrap; overflow-wrap: anywhere;
  box-shadow: 0 2px 8px rgba(0, 0, 0, 0.08);
}
#notice.ok { background: #e6f4ea; color: #1e4620; border: 1px solid #b7dfc0; }
#notice.error { background: #fdecec; color: #7a1c1c; border: 1px solid #f3c2c2; }
.toolbar { display: flex; flex-wrap: wrap; gap: 8px; margin-bottom: 12px; }
.panes { display: grid; grid-template-columns: minmax(0, 3fr) minmax(0, 2fr); gap: 14px; align-items: start; }
.queue-pane, .ticket-pane { background: #fff; border: 1px solid #e3e6ea; border-radius: 12px; padding: 12px 14px; min-width: 0; }
.pane-head { display: flex; align-items: baseline; justify-content: space-between; gap: 10px; flex-wrap: wrap; }
#counts { margin: 0 0 8px; color: #5b636d; font-size: 0.9rem; }
.table-scroll { overflow-x: auto; }
#queue { width: 100%; border-collapse: collapse; font-size: 0.9rem; }
#queue th, #queue td { text-align: left; padding: 6px 8px; border-bottom: 1px solid #eceef1; vertical-align: top; }
#queue th { font-weight: 600; color: #3d444d; white-space: nowrap; background: #f8f9fb; }
#queue tr.ticket { cursor: pointer; }
#queue tr.ticket:hover { background: #f3f7fe; }
#queue tr.ticket[aria-current="true"] { background: #e8f0fe; }
#queue tr.ticket:focus-visible { outline: 3px solid #1a66d6; outline-offset: -3px; }
#queue tr.ticket.mine .status { font-weight: 600; }
#queue td.num, #queue td.age, #queue td.status, #queue td.kind { white-space: nowrap; }
#queue td.preview { min-width: 14em; max-width: 28em; overflow-wrap: anywhere; }
#queue td.org { min-width: 10em; }
#queue td.from { white-space: nowrap; color: #5b636d; }
.org .inn { display: block; color: #5b636d; font-size: 0.85rem; }
#ticket-title { outline: none; }
#ticket-title:focus-visible { outline: 3px solid #1a66d6; }
#ticket-context { display: grid; grid-template-columns: max-content minmax(0, 1fr); gap: 3px 12px; margin: 8px 0; font-size: 0.9rem; }
#ticket-context dt { color: #5b636d; }
#ticket-context dd { margin: 0; overflow-wrap: anywhere; white-space: pre-wrap; }
#ticket-history { display: flex; flex-direction: column; gap: 8px; max-height: 50vh; overflow-y: auto; padding: 2px; }
.entry { border-radius: 10px; padding: 7px 10px; background: #eef0f3; max-width: 92%; }
.entry.agent { background: #e3edfd; align-self: flex-end; }
.entry .meta { font-size: 0.8rem; color: #5b636d; display: flex; gap: 8px; flex-wrap: wrap; }
.entry .author { font-weight: 600; }
.entry .text { white-space: pre-wrap; overflow-wrap: anywhere; }
.actions { margin-top: 12px; display: flex; flex-direction: column; gap: 10px; align-items: flex-start; }
.box { width: 100%; border-top: 1px solid #eceef1; padding-top: 8px; }
.box button { margin-top: 8px; }
#suggestions { list-style: none; margin: 0 0 6px; padding: 0; display: flex; flex-direction: column; gap: 6px; }
#suggestions button { text-align: left; width: 100%; white-space: normal; overflow-wrap: anywhere; }
.row-buttons { display: flex; gap: 8px; flex-wrap: wrap; }
.forms { margin-top: 18px; }
.form-grid { display: grid; grid-template-columns: repeat(auto-fit, minmax(260px, 1fr)); gap: 14px; align-items: start; }
.action-form h3 { margin-top: 0; }
.action-form button[type="submit"] { margin-top: 12px; }
.bound { margin: 0 0 4px; font-size: 0.88rem; color: #174ea6; }
.action-form.bound-to-ticket { border-color: #8fb3ee; }
@media (max-width: 800px) {
  .panes { grid-template-columns: minmax(0, 1fr); }
  main { padding: 10px 10px 28px; }
  .bar { padding: 8px 10px; }
  #ticket-history { max-height: none; }
}
@media (prefers-color-scheme: dark) {
  body { background: #111417; color: #e6e8eb; }
  .bar, .card, .queue-pane, .ticket-pane { background: #181b1f; border-color: #2b3036; }
  .muted, #counts, .entry .meta, #ticket-context dt, .org .inn, #queue td.from { color: #9aa3ad; }
  label, #queue th { color: #c4c9cf; }
  #queue th { background: #1f2328; }
  #queue th, #queue td { border-color: #2b3036; }
  #queue tr.ticket:hover { background: #1f2a3a; }
  #queue tr.ticket[aria-current="true"] { background: #22324d; }
  button { background: #22262b; color: #e6e8eb; border-color: #3a4048; }
  button:hover { background: #2b3036; }
  button.link { background: none; color: #8ab4f8; }
  input, textarea { background: #111417; border-color: #3a4048; }
  .entry { background: #262a30; }
  .entry.agent { background: #1f3050; }
  #notice.ok { background: #1b3322; color: #b7dfc0; border-color: #2c5236; }
  #notice.error { background: #3a1c1c; color: #f5c2c2; border-color: #5c2a2a; }
  #status { background: #3b3113; color: #f3dea0; border-color: #5c4a18; }
  .bound { color: #8ab4f8; }
  :focus-visible { outline-color: #8ab4f8; }
}
"""#
}

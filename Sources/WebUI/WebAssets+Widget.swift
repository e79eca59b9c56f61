// swift-format-ignore-file
// The widget's page and style, and the script other sites load to embed it.

extension WebAssets {
    /// The widget's page: `GET /` (`/?embed=1` inside another site's frame).
    static let widgetPage = #"""
<!doctype html>
<html lang="ru">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="same-origin">
<link rel="icon" href="data:,">
<title></title>
<link rel="stylesheet" href="/widget.css">
</head>
<body>
<div class="app">
  <header class="bar">
    <div class="heading">
      <h1 id="title" data-t="web.title"></h1>
      <p id="subtitle" data-t="web.subtitle"></p>
    </div>
    <button id="lang" type="button" data-t="web.lang_button" data-t-title="web.lang_title"></button>
  </header>
  <div id="status" role="status" hidden></div>
  <main id="log" role="log" aria-live="polite" aria-relevant="additions" tabindex="0" data-t-aria-label="web.log_label"></main>
  <div id="typing" hidden><span class="dots" aria-hidden="true"><i></i><i></i><i></i></span><span class="typing-text" data-t="web.typing"></span></div>
  <form id="composer" autocomplete="off" novalidate>
    <label for="input" class="sr-only" data-t="web.input_label"></label>
    <input id="input" name="message" type="text" autocomplete="off" maxlength="4096" enterkeyhint="send" data-t-placeholder="web.placeholder">
    <button id="send" type="submit" data-t="web.send"></button>
  </form>
</div>
<script src="/widget.js" defer></script>
</body>
</html>
"""#

    /// The widget's style: `GET /widget.css`.
    static let widgetStyle = #"""
*, *::before, *::after { box-sizing: border-box; }
[hidden] { display: none !important; }
html, body { height: 100%; margin: 0; }
body {
  font-family: system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-size: 16px;
  line-height: 1.45;
  color: #1f2328;
  background: #f6f7f9;
}
.sr-only {
  position: absolute; width: 1px; height: 1px; padding: 0; margin: -1px;
  overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; border: 0;
}
:focus-visible { outline: 3px solid #1a66d6; outline-offset: 2px; }
.app {
  display: flex; flex-direction: column;
  height: 100vh; height: 100dvh;
  max-width: 860px; margin: 0 auto;
  background: #fff;
  border-left: 1px solid #e3e6ea; border-right: 1px solid #e3e6ea;
}
.bar {
  display: flex; align-items: center; gap: 12px;
  padding: 10px 16px;
  border-bottom: 1px solid #e3e6ea;
  background: #fff;
}
.heading { flex: 1; min-width: 0; }
.bar h1 { margin: 0; font-size: 1.05rem; font-weight: 600; }
.bar p { margin: 0; font-size: 0.85rem; color: #5b636d; }
.bar p:empty { display: none; }
button {
  font: inherit; cursor: pointer;
  border-radius: 8px; border: 1px solid #c9ced5; background: #fff; color: #1f2328;
  padding: 6px 12px; min-height: 36px;
}
button:hover { background: #f0f3f7; }
button:disabled { cursor: default; opacity: 0.55; }
#lang { flex: none; font-size: 0.9rem; }
#status {
  padding: 8px 16px; font-size: 0.9rem;
  background: #fff4d6; color: #5c4300; border-bottom: 1px solid #f0dca0;
}
#log {
  flex: 1 1 auto; min-height: 0;
  overflow-y: auto; overscroll-behavior: contain;
  padding: 16px;
  display: flex; flex-direction: column; gap: 10px;
}
#log:focus-visible { outline-offset: -3px; }
.msg { position: relative; max-width: 80%; display: flex; flex-direction: column; gap: 8px; }
.msg .text {
  white-space: pre-wrap; overflow-wrap: anywhere;
  padding: 9px 13px; border-radius: 14px;
}
.msg .text:empty { display: none; }
.msg.bot { align-self: flex-start; }
.msg.bot .text { background: #eef0f3; color: #1f2328; border-bottom-left-radius: 4px; }
.msg.me { align-self: flex-end; align-items: flex-end; }
.msg.me .text { background: #1a66d6; color: #fff; border-bottom-right-radius: 4px; }
.msg.me.secret .text { letter-spacing: 0.15em; }
.msg.note { align-self: center; max-width: 90%; }
.msg.note .text {
  background: #fdecec; color: #7a1c1c; border: 1px solid #f3c2c2;
  font-size: 0.9rem; border-radius: 10px;
}
.msg[data-who]::before {
  content: attr(data-who);
  position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap;
}
.buttons { display: flex; flex-direction: column; gap: 6px; }
.buttons .row { display: flex; flex-wrap: wrap; gap: 6px; }
button.choice {
  flex: 0 1 auto;
  text-align: center;
  border-color: #b7c9e8; color: #174ea6; background: #fff;
  border-radius: 18px; padding: 6px 14px;
  white-space: normal; overflow-wrap: anywhere;
}
button.choice:hover { background: #eef4ff; }
.table-wrap summary { cursor: pointer; color: #174ea6; font-size: 0.9rem; }
.table-scroll { overflow-x: auto; margin-top: 6px; }
.table-wrap table { border-collapse: collapse; font-size: 0.9rem; background: #fff; }
.table-wrap th, .table-wrap td {
  border: 1px solid #dde1e6; padding: 4px 8px; text-align: left; vertical-align: top;
}
.table-wrap th { background: #f3f5f8; font-weight: 600; }
#typing {
  display: flex; align-items: center; gap: 8px;
  padding: 4px 16px 8px; color: #5b636d; font-size: 0.9rem;
}
.dots { display: inline-flex; gap: 3px; }
.dots i {
  width: 6px; height: 6px; border-radius: 50%; background: #9aa3ad;
  animation: blink 1.2s infinite ease-in-out;
}
.dots i:nth-child(2) { animation-delay: 0.2s; }
.dots i:nth-child(3) { animation-delay: 0.4s; }
@keyframes blink { 0%, 80%, 100% { opacity: 0.3; } 40% { opacity: 1; } }
@media (prefers-reduced-motion: reduce) { .dots i { animation: none; } }
#composer {
  position: sticky; bottom: 0;
  display: flex; gap: 8px;
  padding: 10px 12px calc(10px + env(safe-area-inset-bottom, 0px));
  border-top: 1px solid #e3e6ea; background: #fff;
}
#input {
  flex: 1; min-width: 0;
  font: inherit; padding: 9px 12px;
  border: 1px solid #c9ced5; border-radius: 10px; background: #fff; color: inherit;
}
#input:focus-visible { outline-offset: 0; border-color: #1a66d6; }
#send {
  flex: none; background: #1a66d6; border-color: #1a66d6; color: #fff; font-weight: 600;
  padding: 8px 16px; border-radius: 10px;
}
#send:hover { background: #1557b8; }
#send:disabled:hover { background: #1a66d6; }
html.embed .app { max-width: none; border: 0; }
html.embed .bar { padding: 8px 12px; }
html.embed .bar p { display: none; }
@media (max-width: 600px) {
  .app { border: 0; }
  .bar { padding: 8px 12px; }
  .bar h1 { font-size: 1rem; }
  .bar p { display: none; }
  #log { padding: 12px; }
  .msg { max-width: 88%; }
}
@media (prefers-color-scheme: dark) {
  body { background: #111417; color: #e6e8eb; }
  .app, .bar, #composer { background: #181b1f; border-color: #2b3036; }
  .bar p { color: #9aa3ad; }
  button { background: #22262b; color: #e6e8eb; border-color: #3a4048; }
  button:hover { background: #2b3036; }
  .msg.bot .text { background: #262a30; color: #e6e8eb; }
  button.choice { background: #181b1f; color: #8ab4f8; border-color: #35507a; }
  button.choice:hover { background: #1f2a3a; }
  .table-wrap table { background: #181b1f; }
  .table-wrap th { background: #22262b; }
  .table-wrap th, .table-wrap td { border-color: #3a4048; }
  .table-wrap summary { color: #8ab4f8; }
  #input { background: #111417; border-color: #3a4048; }
  #status { background: #3b3113; color: #f3dea0; border-color: #5c4a18; }
  .msg.note .text { background: #3a1c1c; color: #f5c2c2; border-color: #5c2a2a; }
  :focus-visible { outline-color: #8ab4f8; }
}
"""#

    /// The script for other sites: a chat button that opens the widget in a frame (`GET /embed.js`).
    static let embedScript = #"""
// Adds a chat button to any site: <script src="https://BOT/embed.js" data-label="..." async></script>.
(function () {
  'use strict';
  const script = document.currentScript;
  if (!script || window.__schoolBotEmbed) return;
  window.__schoolBotEmbed = true;
  const origin = new URL(script.src, location.href).origin;
  const label = script.getAttribute('data-label') || '';
  const SVG = 'http://www.w3.org/2000/svg';

  function icon() {
    const svg = document.createElementNS(SVG, 'svg');
    svg.setAttribute('viewBox', '0 0 24 24');
    svg.setAttribute('width', '28');
    svg.setAttribute('height', '28');
    svg.setAttribute('aria-hidden', 'true');
    svg.setAttribute('focusable', 'false');
    const path = document.createElementNS(SVG, 'path');
    path.setAttribute('d', 'M4 4h16a2 2 0 0 1 2 2v10a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V6a2 2 0 0 1 2-2z');
    path.setAttribute('fill', 'currentColor');
    svg.appendChild(path);
    return svg;
  }

  function mount() {
    const button = document.createElement('button');
    button.type = 'button';
    if (label) button.setAttribute('aria-label', label);
    if (label) button.title = label;
    button.setAttribute('aria-expanded', 'false');
    button.appendChild(icon());
    Object.assign(button.style, {
      position: 'fixed', right: '20px', bottom: '20px', zIndex: '2147483646',
      width: '56px', height: '56px', borderRadius: '50%', border: '0', padding: '0',
      background: '#1a66d6', color: '#fff', cursor: 'pointer',
      display: 'flex', alignItems: 'center', justifyContent: 'center',
      boxShadow: '0 4px 14px rgba(0,0,0,.25)'
    });
    let frame = null;

    function toggle(open) {
      if (open && !frame) {
        frame = document.createElement('iframe');
        frame.src = origin + '/?embed=1';
        if (label) frame.title = label;
        frame.id = 'school-bot-frame';
        button.setAttribute('aria-controls', frame.id);
        Object.assign(frame.style, {
          position: 'fixed', right: '20px', bottom: '88px', zIndex: '2147483647',
          width: 'min(400px, calc(100vw - 24px))', height: 'min(640px, calc(100vh - 112px))',
          border: '1px solid #d0d5db', borderRadius: '12px', background: '#fff',
          boxShadow: '0 8px 28px rgba(0,0,0,.22)'
        });
        if (window.innerWidth < 440) frame.style.right = '12px';
        document.body.appendChild(frame);
      }
      if (!frame) return;
      frame.hidden = !open;
      frame.style.display = open ? 'block' : 'none';
      button.setAttribute('aria-expanded', open ? 'true' : 'false');
      if (open) frame.focus();
    }

    button.addEventListener('click', () => { toggle(!frame || frame.hidden); });
    document.addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && frame && !frame.hidden) { toggle(false); button.focus(); }
    });
    document.body.appendChild(button);
  }

  if (document.body) mount();
  else document.addEventListener('DOMContentLoaded', mount);
})();
"""#
}

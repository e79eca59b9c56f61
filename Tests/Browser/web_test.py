#!/usr/bin/python3
"""Real-browser tests of the web channel: the chat widget (`/`) and the support console (`/agent`).

Run: /usr/bin/python3 Tests/Browser/web_test.py --botrunner .build/debug/botrunner --out .build/screenshots

Starts `botrunner serve --http 127.0.0.1:0 --demo` on a fresh database in a temporary folder, drives headless
Chromium (Debian's `chromium` + `chromium-driver`, `python3-selenium`) through the scenarios below and prints one
line per scenario (`PASS name` / `FAIL name: reason`), then `N passed, N failed` as the last line. Exit status 0
only when every scenario passed. Standard library and selenium only; every wait is explicit and bounded.

The DOM and HTTP contract the scenarios rely on is docs/web.md; the demo school's logins are the README's.
"""

import argparse
import http.cookiejar
import json
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import traceback
import urllib.error
import urllib.request

from selenium import webdriver
from selenium.common.exceptions import StaleElementReferenceException, TimeoutException, WebDriverException
from selenium.webdriver.chrome.service import Service
from selenium.webdriver.common.by import By
from selenium.webdriver.support.ui import WebDriverWait

CHROMEDRIVER = "/usr/bin/chromedriver"
CHROMIUM = "/usr/bin/chromium"
WAIT = 20  # the longest any single wait may last, in seconds
POLL = 0.1  # the poll interval of every wait
PHONE = (390, 844)
DESKTOP = (1280, 900)

DIRECTOR_LOGIN, DIRECTOR_PASSWORD = "director", "demo-director"
AGENT_LOGIN, AGENT_PASSWORD = "agent", "demo-agent"
MASK = "••••••"
XSS_NAME = '<img src=x onerror="window.__xss=1">МБОУ <script>window.__xss=2</script> Школа'
QUESTION = "Не приходит <b>письмо</b> с паролем"
ANSWER = "Письмо отправлено повторно, проверьте папку «Спам». <i>курсив</i>"


class Failure(Exception):
    """A scenario's assertion that did not hold."""


class Stopped(BaseException):
    """SIGTERM or SIGINT came (a test runner's time limit): the server and the browsers are stopped on the way out."""


def check(condition, message):
    if not condition:
        raise Failure(message)


def short(text, limit=300):
    text = " ".join(str(text).split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


# ---------------------------------------------------------------------------------------------------------------
# The server


class Server:
    """`botrunner serve --http 127.0.0.1:0 --demo` on a database in a temporary folder."""

    def __init__(self, botrunner, folder):
        self.folder = folder
        self.stderr_path = os.path.join(folder, "server.stderr")
        self.stdout_path = os.path.join(folder, "server.stdout")
        self.stderr_file = open(self.stderr_path, "wb")
        self.stdout_file = open(self.stdout_path, "wb")
        self.process = subprocess.Popen(
            [botrunner, "serve", "--http", "127.0.0.1:0", "--demo", "--db", os.path.join(folder, "bot.sqlite"),
             "--stats-interval", "0"],
            stdin=subprocess.DEVNULL, stdout=self.stdout_file, stderr=self.stderr_file, cwd=folder,
            start_new_session=True)
        try:
            self.port = self._wait_for_port()
        except BaseException:
            self.kill()
            self.stderr_file.close()
            self.stdout_file.close()
            raise
        self.base = f"http://127.0.0.1:{self.port}"

    def log(self):
        try:
            with open(self.stderr_path, "rb") as file:
                return file.read().decode("utf-8", "replace")
        except OSError:
            return ""

    def _wait_for_port(self):
        deadline = time.monotonic() + WAIT
        pattern = re.compile(r"botrunner: http listening on 127\.0\.0\.1:(\d+)")
        while time.monotonic() < deadline:
            match = pattern.search(self.log())
            if match:
                return int(match.group(1))
            if self.process.poll() is not None:
                raise Failure(f"the server exited with status {self.process.returncode} before listening; "
                              f"stderr: {short(self.log(), 2000)}")
            time.sleep(POLL)
        raise Failure(f"no «botrunner: http listening on 127.0.0.1:PORT» on stderr within {WAIT} s; "
                      f"stderr: {short(self.log(), 2000)}")

    def stop(self):
        """SIGTERM, then up to 10 s for a clean exit; SIGKILL after that. Returns a note when it was not clean."""
        if self.process.poll() is not None:
            note = f"the server had already exited with status {self.process.returncode}"
        else:
            self.process.send_signal(signal.SIGTERM)
            try:
                status = self.process.wait(timeout=10)
                note = None if status == 0 else f"the server exited with status {status} after SIGTERM"
            except subprocess.TimeoutExpired:
                self.kill()
                note = "the server did not exit within 10 s of SIGTERM (killed)"
        self.stderr_file.close()
        self.stdout_file.close()
        return note

    def kill(self):
        if self.process.poll() is None:
            try:
                os.killpg(self.process.pid, signal.SIGKILL)
            except OSError:
                self.process.kill()
            self.process.wait(timeout=10)


# ---------------------------------------------------------------------------------------------------------------
# HTTP without a browser


class Response:
    def __init__(self, status, headers, body):
        self.status = status
        self.headers = headers
        self.body = body

    @property
    def text(self):
        return self.body.decode("utf-8", "replace")

    def json(self):
        try:
            return json.loads(self.text)
        except ValueError:
            raise Failure(f"HTTP {self.status}: the body is not JSON: {short(self.text)}")

    def describe(self):
        return f"HTTP {self.status} {short(self.text, 200)}"


class Client:
    """urllib with a cookie jar, as a browser would keep the cookies; a 429 is waited out (Retry-After)."""

    def __init__(self, base):
        self.base = base
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar))
        self.rate_limited = 0

    def request(self, method, path, body=None, headers=None):
        data = body if body is None or isinstance(body, bytes) else json.dumps(body).encode()
        deadline = time.monotonic() + WAIT
        while True:
            request = urllib.request.Request(self.base + path, data=data, method=method, headers=dict(headers or {}))
            if data is not None and "Content-Type" not in request.headers:
                request.add_header("Content-Type", "application/json")
            try:
                with self.opener.open(request, timeout=WAIT) as answer:
                    response = Response(answer.status, answer.headers, answer.read())
            except urllib.error.HTTPError as error:
                response = Response(error.code, error.headers, error.read())
            if response.status != 429:
                return response
            self.rate_limited += 1
            if not retry_after(response, deadline):
                return response

    def get(self, path, headers=None):
        return self.request("GET", path, headers=headers)

    def post(self, path, body, headers=None):
        return self.request("POST", path, body=body, headers=headers)

    def cookie(self, name):
        for cookie in self.jar:
            if cookie.name == name:
                return cookie.value
        return None


def retry_after(response, deadline):
    """After a 429 (the per-address rate: the browsers and this script all come from 127.0.0.1), waits the
    `Retry-After` the server asked for and says True; False when that would pass `deadline`."""
    pause = min(float(response.headers.get("Retry-After", "1") or 1), 2.0)
    if time.monotonic() + pause > deadline:
        return False
    time.sleep(pause)
    return True


def expect_error(response, status, code, what):
    check(response.status == status, f"{what}: expected HTTP {status} `{code}`, got {response.describe()}")
    body = response.json()
    check(isinstance(body, dict) and body.get("code") == code,
          f"{what}: expected a JSON error with code `{code}`, got {response.describe()}")
    check(body.get("type", "error") == "error", f"{what}: the error object's type is not `error`: {body}")


# ---------------------------------------------------------------------------------------------------------------
# The browser


def new_driver(size, mobile=False):
    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for argument in ("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--disable-gpu",
                     f"--window-size={max(size[0], 500)},{size[1]}", "--lang=ru-RU"):
        options.add_argument(argument)
    options.add_experimental_option("prefs", {"intl.accept_languages": "ru-RU,ru"})
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=Service(CHROMEDRIVER), options=options)
    driver.set_page_load_timeout(WAIT)
    driver.set_script_timeout(WAIT)
    resize(driver, size, mobile)
    return driver


def resize(driver, size, mobile):
    """The viewport exactly `size` (headless Chromium will not make a window narrower than 500 px)."""
    driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", {
        "width": size[0], "height": size[1], "deviceScaleFactor": 2 if mobile else 1, "mobile": mobile})
    if mobile:
        driver.execute_cdp_cmd("Emulation.setTouchEmulationEnabled", {"enabled": True, "maxTouchPoints": 5})


def wait(driver, condition, what, timeout=WAIT):
    """Waits for `condition(driver)` to be truthy; a Failure saying `what` (a string or a function) otherwise."""
    def attempt(d):
        try:
            return condition(d)
        except StaleElementReferenceException:
            return False
    try:
        return WebDriverWait(driver, timeout, poll_frequency=POLL).until(attempt)
    except TimeoutException:
        try:
            description = what() if callable(what) else what
        except Exception as error:  # the page or the browser is gone
            description = f"(a condition that could not be described: {type(error).__name__})"
        raise Failure(f"timed out after {timeout} s waiting for {description}")


BUBBLES_JS = """
return Array.from(document.querySelectorAll('#log .msg')).map(function (m) {
  var t = m.querySelector('.text');
  return {me: m.classList.contains('me'), bot: m.classList.contains('bot'),
          text: (t || m).textContent,
          buttons: Array.from(m.querySelectorAll('.buttons button.choice')).map(function (b) {
            return b.textContent.trim(); })};
});
"""


def bubbles(driver):
    return driver.execute_script(BUBBLES_JS) or []


def bot_texts(driver):
    return [b["text"] for b in bubbles(driver) if b["bot"]]


def me_texts(driver):
    return [b["text"] for b in bubbles(driver) if b["me"]]


def last_bubbles(driver, count=4):
    try:
        return " | ".join(("me: " if b["me"] else "bot: ") + short(b["text"], 160) + (
            f" {b['buttons']}" if b["buttons"] else "") for b in bubbles(driver)[-count:])
    except WebDriverException as error:
        return f"(the log could not be read: {short(error.msg, 100)})"


def open_widget(driver, base):
    driver.get(base + "/")
    wait(driver, lambda d: d.find_elements(By.CSS_SELECTOR, "#log") and d.find_elements(By.CSS_SELECTOR, "#input"),
         "the widget page to show #log and #input")
    return wait_bot(driver, 0, ["Здравствуйте"], buttons=["Нет логина и пароля", "Войти в кабинет"],
                    what="the greeting bubble with the menu buttons")


def wait_idle(driver):
    """The composer accepts input: #input enabled and #typing not shown."""
    def idle(d):
        field = d.find_element(By.ID, "input")
        typing = d.find_elements(By.ID, "typing")
        return field.is_enabled() and not (typing and typing[0].is_displayed())
    wait(driver, idle, lambda: f"the composer to be ready (#input enabled, #typing hidden); "
                               f"last bubbles: {last_bubbles(driver)}")


def bot_count(driver):
    return len(bot_texts(driver))


def wait_bot(driver, after, needles, buttons=(), what=None):
    """Waits until the bot bubbles after the first `after` contain every needle and show every button label.

    Returns the text of those new bubbles, joined."""
    def arrived(d):
        new = [b for b in bubbles(d) if b["bot"]][after:]
        text = "\n".join(b["text"] for b in new)
        labels = {label for b in new for label in b["buttons"]}
        if new and all(n in text for n in needles) and all(label in labels for label in buttons):
            return text or True
        return False
    description = what or "a bot bubble with " + ", ".join(f"«{n}»" for n in needles) + (
        " and buttons " + ", ".join(f"«{b}»" for b in buttons) if buttons else "")
    result = wait(driver, arrived, lambda: f"{description}; last bubbles: {last_bubbles(driver)}")
    wait_idle(driver)
    return result if isinstance(result, str) else ""


def say(driver, text):
    """Types `text` into #input and presses #send; returns the number of bot bubbles before."""
    wait_idle(driver)
    before = bot_count(driver)
    field = driver.find_element(By.ID, "input")
    field.clear()
    field.send_keys(text)
    driver.find_element(By.ID, "send").click()
    return before


def press(driver, label):
    """Presses the latest enabled button.choice in #log labelled `label`; returns the bot bubble count before."""
    wait_idle(driver)
    before = bot_count(driver)

    def find(d):
        found = [b for b in d.find_elements(By.CSS_SELECTOR, "#log .buttons button.choice")
                 if b.get_attribute("textContent").strip() == label and b.is_enabled() and b.is_displayed()]
        return found[-1] if found else None
    button = wait(driver, find, lambda: f"a button «{label}» in #log; last bubbles: {last_bubbles(driver)}")
    driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", button)
    button.click()
    return before


def storage_dump(driver):
    return driver.execute_script("""
        var out = {};
        [['local', window.localStorage], ['session', window.sessionStorage]].forEach(function (pair) {
          for (var i = 0; i < pair[1].length; i++) {
            var k = pair[1].key(i); out[pair[0] + ':' + k] = pair[1].getItem(k);
          }
        });
        return JSON.stringify(out);""")


def assert_no_secret(driver, secret, where):
    html = driver.execute_script("return document.documentElement.outerHTML;")
    check(secret not in html, f"{where}: the page's HTML contains the password «{secret}»")
    check(secret not in driver.page_source, f"{where}: the page source contains the password «{secret}»")
    check(secret not in driver.execute_script("return document.body.innerText;"),
          f"{where}: the page's text contains the password «{secret}»")
    stored = storage_dump(driver)
    check(secret not in stored, f"{where}: localStorage/sessionStorage contains the password: {short(stored, 400)}")
    field = driver.find_element(By.ID, "input").get_attribute("value")
    check(secret not in (field or ""), f"{where}: #input still holds the password")


def screenshot(driver, out, name):
    driver.save_screenshot(os.path.join(out, name))


def browser_errors(driver):
    try:
        return [entry["message"] for entry in driver.get_log("browser") if entry.get("level") == "SEVERE"]
    except WebDriverException:
        return []


# ---------------------------------------------------------------------------------------------------------------
# The scenarios


class Run:
    """What the scenarios share: the server, the output folder, the drivers, notes."""

    def __init__(self, server, out):
        self.server = server
        self.out = out
        self.drivers = {}
        self.notes = []
        self.ticket = None
        self.director_ready = False

    def driver(self, name, size, mobile=False):
        driver = new_driver(size, mobile)
        self.drivers[name] = driver
        return driver

    def close(self, name):
        driver = self.drivers.pop(name, None)
        if driver:
            try:
                driver.quit()
            except Exception:
                pass

    def close_all(self):
        for name in list(self.drivers):
            self.close(name)


def widget_credentials(run):
    d = run.driver("phone", PHONE, mobile=True)
    open_widget(d, run.server.base)
    width = d.execute_script("return window.innerWidth;")
    check(width == PHONE[0], f"the widget's layout viewport is {width} px wide on a {PHONE[0]} px phone "
                             f"(a missing <meta name=viewport content=width=device-width>?)")
    overflow = d.execute_script("return document.documentElement.scrollWidth - window.innerWidth;")
    check(overflow <= 1, f"the widget scrolls sideways on a {PHONE[0]} px phone (by {overflow} px)")
    screenshot(d, run.out, "widget-phone-start.png")

    before = press(d, "Нет логина и пароля")
    wait_bot(d, before, ["Полное название организации"])
    if not any("Нет логина и пароля" in t for t in me_texts(d)):
        run.notes.append("widget_credentials: a pressed button's label is not shown as the person's bubble")

    before = say(d, "МБОУ СОШ № 7 г. Казани")
    wait_bot(d, before, ["ИНН организации"])

    before = say(d, "1234567890")
    refusal = wait_bot(d, before, ["контрольная цифра", "ИНН организации"],
                       what="the refusal (check digit) and the INN asked again")
    check("Регион" not in refusal, f"the bot went on after a wrong INN: {short(refusal)}")
    check(any(t.strip() == "1234567890" for t in me_texts(d)), "the typed INN is not shown as the person's bubble")

    before = say(d, "7707083893")
    wait_bot(d, before, ["Регион"])
    before = say(d, "Республика Татарстан")
    wait_bot(d, before, ["e-mail"])
    before = say(d, "school1@example.ru")
    wait_bot(d, before, ["ФИО руководителя"])
    before = say(d, "Иванов Иван Иванович")
    wait_bot(d, before, ["телефон"], buttons=["Пропустить"])
    before = press(d, "Пропустить")
    summary = wait_bot(d, before, ["Проверьте", "7707083893", "school1@example.ru", "Иванов Иван Иванович"],
                       buttons=["Всё верно"], what="the summary with «Всё верно»")
    check("Татарстан" in summary, f"the summary lacks the region: {short(summary)}")
    screenshot(d, run.out, "widget-phone-summary.png")

    before = press(d, "Всё верно")
    letter = wait_bot(d, before, ["regions@educont.ru"], what="the letter text with regions@educont.ru")
    check("МБОУ СОШ № 7 г. Казани" in letter and "7707083893" in letter,
          f"the letter lacks the organization's name or INN: {short(letter)}")
    check("\n" in letter, "the letter's line breaks were lost (the bubble's textContent has no newline)")
    d.execute_script("var l = document.querySelector('#log'); if (l) l.scrollTop = l.scrollHeight;")
    screenshot(d, run.out, "widget-phone.png")
    run.close("phone")


def widget_login_and_confirm(run):
    d = run.driver("director", DESKTOP)
    open_widget(d, run.server.base)
    field = d.find_element(By.ID, "input")
    check(field.get_attribute("type") == "text", f"#input starts as type {field.get_attribute('type')!r}, not text")

    before = press(d, "Войти в кабинет")
    wait_bot(d, before, ["логин"])
    check(d.find_element(By.ID, "input").get_attribute("type") == "text",
          "#input is not type text while the bot asks for the login")
    before = say(d, DIRECTOR_LOGIN)
    wait_bot(d, before, ["пароль"])
    wait(d, lambda d: d.find_element(By.ID, "input").get_attribute("type") == "password",
         lambda: f"#input to become type password after the bot asked for the password (it is "
                 f"{d.find_element(By.ID, 'input').get_attribute('type')!r})")

    logged_before = len(run.server.log())  # --demo prints the demo logins at start; what came after counts
    before = say(d, DIRECTOR_PASSWORD)
    wait(d, lambda d: d.find_element(By.ID, "input").get_attribute("value") == "",
         "#input to be empty after sending the password")
    wait(d, lambda d: any(MASK in t or DIRECTOR_PASSWORD in t for t in me_texts(d)),
         lambda: f"the person's bubble for the password; last bubbles: {last_bubbles(d)}")
    mine = [t for t in me_texts(d) if MASK in t or DIRECTOR_PASSWORD in t][-1]
    check(DIRECTOR_PASSWORD not in mine and MASK in mine,
          f"the person's bubble for the password shows {mine!r}, not {MASK}")
    welcome = wait_bot(d, before, ["Вход выполнен"], buttons=["Подтвердить пользователей"])
    check("Иванова Мария Петровна" in welcome or "директор" in welcome,
          f"the welcome does not say who logged in: {short(welcome)}")
    check(d.find_element(By.ID, "input").get_attribute("type") == "text",
          "#input stays type password after the login turn (which asked for no secret)")
    assert_no_secret(d, DIRECTOR_PASSWORD, "after logging in")
    check(DIRECTOR_PASSWORD not in run.server.log()[logged_before:],
          "the server's log (stderr) contains the director's password since it was typed")

    before = press(d, "Подтвердить пользователей")
    listing = wait_bot(d, before, ["Ожидают подтверждения"])
    check(re.search(r"всего 3\b", listing) or "3 учителя" in listing,
          f"the list does not show the demo school's 3 pending teachers: {short(listing)}")
    row = re.search(r"(?:^|\s)1\. (.+?) — учитель", listing)
    check(row, f"the list has no row «1. NAME — учитель»: {short(listing)}")
    teacher = row.group(1).strip()

    before = say(d, "1")
    wait_bot(d, before, [teacher], buttons=["Подтвердить", "Отклонить"],
             what=f"the choice to confirm or reject {teacher}")
    before = press(d, "Подтвердить")
    done = wait_bot(d, before, ["Подтверждено: 1"])
    check(teacher not in done.split("Ожидают подтверждения")[-1],
          f"{teacher} is still listed as pending after being confirmed: {short(done)}")
    assert_no_secret(d, DIRECTOR_PASSWORD, "after confirming a teacher")
    screenshot(d, run.out, "widget-desktop.png")
    run.director_ready = True


def reload_keeps_conversation(run):
    d = run.drivers.get("director")
    check(d is not None and run.director_ready,
          "needs the director's widget logged in by widget_login_and_confirm, which did not get that far")
    before = bubbles(d)
    check(len(before) >= 10, f"expected the whole conversation before the reload, found {len(before)} bubbles")
    d.refresh()
    wait(d, lambda d: len(bubbles(d)) >= len(before),
         lambda: f"at least {len(before)} bubbles after the reload (found {len(bubbles(d))})")
    after = bubbles(d)
    texts = [b["text"] for b in after]
    for earlier in before:
        check(earlier["text"] in texts, f"a bubble is gone after the reload: {short(earlier['text'], 120)}")
    check(any(MASK in t for t in me_texts(d)), f"the masked password bubble is gone after the reload")
    check(any("Подтверждено: 1" in t for t in bot_texts(d)), "the confirmation is gone after the reload")
    assert_no_secret(d, DIRECTOR_PASSWORD, "after the reload")
    check(d.find_element(By.ID, "input").get_attribute("type") == "text", "#input is not type text after the reload")


def agent_answers_live(run):
    d = run.drivers.get("director")
    check(d is not None and run.director_ready,
          "needs the director's widget logged in by widget_login_and_confirm, which did not get that far")
    wait_idle(d)
    before = say(d, "Позовите оператора")
    wait_bot(d, before, ["Опишите вопрос"])
    before = say(d, QUESTION)
    accepted = wait_bot(d, before, ["№"], what="the ticket's number")
    number = re.search(r"№\s*(\d+)", accepted)
    check(number, f"no ticket number in «{short(accepted)}»")
    run.ticket = ticket = number.group(1)
    check(any(t.strip() == QUESTION for t in me_texts(d)),
          f"the person's bubble does not show the question literally; last bubbles: {last_bubbles(d)}")
    check(not d.find_elements(By.CSS_SELECTOR, "#log b"), "a <b> element was made from the question in #log")
    mine = len(me_texts(d))
    bots = bot_count(d)

    c = run.driver("console", DESKTOP)
    c.get(run.server.base + "/agent")
    wait(c, lambda c: c.find_element(By.ID, "login-form").is_displayed(), "the console's #login-form")
    c.find_element(By.ID, "login").send_keys(AGENT_LOGIN)
    c.find_element(By.ID, "password").send_keys(AGENT_PASSWORD)
    c.find_element(By.ID, "login-submit").click()
    wait(c, lambda c: c.find_element(By.ID, "queue").is_displayed(),
         lambda: f"#queue after logging in as {AGENT_LOGIN} (#login-error: "
                 f"{short(c.find_element(By.ID, 'login-error').get_attribute('textContent'))})")
    wait(c, lambda c: c.find_element(By.ID, "whoami").get_attribute("textContent").strip(), "#whoami filled in")
    check(not c.find_element(By.ID, "login-form").is_displayed(), "#login-form is still shown after logging in")
    assert_console_has_no(c, AGENT_PASSWORD)

    def row(c):
        rows = c.find_elements(By.CSS_SELECTOR, f'#queue tr.ticket[data-id="{ticket}"]')
        return rows[0] if rows else None
    found = wait(c, row, lambda: f'tr.ticket[data-id="{ticket}"] in #queue; #queue: '
                                 f"{short(c.find_element(By.ID, 'queue').get_attribute('textContent'))}")
    preview = found.find_element(By.CSS_SELECTOR, ".preview").get_attribute("textContent")
    check(preview.strip().startswith("Не приходит") and "<b>письмо</b>" in preview,
          f"the queue's preview does not show the question literally: {preview!r}")
    check(not c.find_elements(By.CSS_SELECTOR, "#queue b"), "a <b> element was made from the question in #queue")
    check(found.find_elements(By.CSS_SELECTOR, ".age") and found.find_elements(By.CSS_SELECTOR, ".org"),
          "the ticket's row lacks the .age or .org cell")
    org = found.find_element(By.CSS_SELECTOR, ".org").get_attribute("textContent")
    check("7707083893" in org or "Казан" in org, f"the row's .org does not name the director's school: {org!r}")

    found.click()
    wait(c, lambda c: c.find_element(By.ID, "ticket").is_displayed() and any(
        QUESTION in e.get_attribute("textContent")
        for e in c.find_elements(By.CSS_SELECTOR, "#ticket-history .entry")),
        lambda: f"#ticket with the question in #ticket-history .entry; #ticket: "
                f"{short(c.find_element(By.ID, 'ticket').get_attribute('textContent'))}")
    check(not c.find_elements(By.CSS_SELECTOR, "#ticket b"), "a <b> element was made from the question in #ticket")

    wait(c, lambda c: c.find_element(By.ID, "take").is_displayed() and c.find_element(By.ID, "take").is_enabled(),
         "#take to be shown and enabled")
    since = d.execute_script("return performance.now();")  # the widget's requests from here on are looked at below
    c.find_element(By.ID, "take").click()
    wait_bot(d, bots, [f"№{ticket}"], what=f"the push to the director that an agent took ticket №{ticket}")
    check(len(me_texts(d)) == mine, "the director's widget sent something by itself")
    bots = bot_count(d)

    wait(c, lambda c: c.find_element(By.ID, "answer-text").is_displayed()
         and c.find_element(By.ID, "answer-text").is_enabled(), "#answer-text to be shown and enabled")
    c.find_element(By.ID, "answer-text").send_keys(ANSWER)
    c.find_element(By.ID, "answer-send").click()
    pushed = wait_bot(d, bots, [ANSWER], what="the agent's answer as a new bot bubble in the director's widget")
    check(f"№{ticket}" in pushed or "специалист" in pushed.lower(),
          f"the pushed answer does not say it comes from support: {short(pushed)}")
    check(len(me_texts(d)) == mine, "the director's widget sent something by itself before the answer came")
    check(not d.find_elements(By.CSS_SELECTOR, "#log i"), "an <i> element was made from the answer in #log")
    posted = d.execute_script("""var since = arguments[0];
        return performance.getEntriesByType('resource').filter(function (e) {
          return e.name.indexOf('/api/messages') >= 0 && e.startTime >= since; }).length;""", since)
    check(posted == 0, f"the director's widget made {posted} request(s) to /api/messages while waiting for the "
                       "agent: the answer did not come as a push")
    screenshot(d, run.out, "widget-desktop-answer.png")

    try:
        wait(c, lambda c: any(ANSWER in e.get_attribute("textContent")
                              for e in c.find_elements(By.CSS_SELECTOR, "#ticket-history .entry")),
             "the answer in the console's #ticket-history", timeout=5)
    except Failure:
        run.notes.append("agent_answers_live: the console's #ticket-history does not show the answer just sent")
    screenshot(c, run.out, "console-desktop.png")

    resize(c, PHONE, mobile=True)
    c.refresh()
    wait(c, lambda c: c.find_element(By.ID, "queue").is_displayed(), "#queue after a reload (still logged in)")
    width = c.execute_script("return window.innerWidth;")
    check(width == PHONE[0], f"the console's layout viewport is {width} px wide on a {PHONE[0]} px phone")
    found = wait(c, row, f'tr.ticket[data-id="{ticket}"] after the reload')
    c.execute_script("arguments[0].scrollIntoView({block: 'center'});", found)
    found.click()
    wait(c, lambda c: c.find_element(By.ID, "ticket").is_displayed(), "#ticket on the phone")
    screenshot(c, run.out, "console-phone.png")
    run.close("console")


def assert_console_has_no(c, secret):
    html = c.execute_script("return document.documentElement.outerHTML;")
    check(secret not in html, f"the console's HTML contains the password «{secret}»")
    stored = storage_dump(c)
    check(secret not in stored, f"the console's storage contains the password: {short(stored, 300)}")
    check(c.find_element(By.ID, "password").get_attribute("value") == "",
          "the console's #password field still holds the password after logging in")


def console_login_refused(run):
    c = run.driver("refused", DESKTOP)
    c.get(run.server.base + "/agent")
    wait(c, lambda c: c.find_element(By.ID, "login-form").is_displayed(), "the console's #login-form")
    c.find_element(By.ID, "login").send_keys(AGENT_LOGIN)
    c.find_element(By.ID, "password").send_keys("not-the-password")
    c.find_element(By.ID, "login-submit").click()
    error = wait(c, lambda c: (c.find_element(By.ID, "login-error").is_displayed()
                               and c.find_element(By.ID, "login-error").get_attribute("textContent").strip()),
                 "#login-error with a message")
    check("not-the-password" not in error, f"#login-error repeats the typed password: {error!r}")
    queue = c.find_elements(By.ID, "queue")
    check(not queue or not queue[0].is_displayed(), "#queue is shown after a wrong password")
    check(not c.find_elements(By.CSS_SELECTOR, "#queue tr.ticket"), "tickets are listed after a wrong password")
    check(c.find_element(By.ID, "login-form").is_displayed(), "#login-form is gone after a wrong password")
    whoami = c.find_elements(By.ID, "whoami")
    check(not whoami or not whoami[0].is_displayed() or not whoami[0].get_attribute("textContent").strip(),
          f"#whoami names someone after a wrong password: {whoami[0].get_attribute('textContent')!r}")
    run.close("refused")


def xss_renders_as_text(run):
    d = run.driver("xss", DESKTOP)
    open_widget(d, run.server.base)
    before = press(d, "Нет логина и пароля")
    wait_bot(d, before, ["Полное название организации"])
    before = say(d, XSS_NAME)
    answer = wait_bot(d, before, [], what="the bot's answer to the name")
    check(any(XSS_NAME in t for t in me_texts(d)),
          f"the person's bubble does not show the typed name literally; last bubbles: {last_bubbles(d)}")
    if "ИНН" in answer:  # the name was taken: go on to the summary, where the bot repeats it
        for text, needle in (("7707083893", "Регион"), ("16", "e-mail"), ("school1@example.ru", "ФИО"),
                             ("Иванов Иван Иванович", "телефон")):
            before = say(d, text)
            wait_bot(d, before, [needle])
        before = press(d, "Пропустить")
        summary = wait_bot(d, before, ["Проверьте"])
        check("<img src=x" in summary and "<script>" in summary,
              f"the summary does not repeat the name literally: {short(summary)}")
    check(d.execute_script("return typeof window.__xss;") == "undefined",
          f"window.__xss is {d.execute_script('return window.__xss;')!r}: the name ran as HTML")
    check(not d.find_elements(By.CSS_SELECTOR, "#log img"), "an <img> element was made inside #log")
    check(not d.find_elements(By.CSS_SELECTOR, "#log script"), "a <script> element was made inside #log")
    text = d.execute_script("return document.querySelector('#log').textContent;")
    check("<img" in text, "the log's text does not contain «<img» literally")
    d.refresh()
    wait(d, lambda d: any(XSS_NAME in t for t in me_texts(d)), "the name's bubble after a reload")
    check(d.execute_script("return typeof window.__xss;") == "undefined",
          "window.__xss is set after a reload: the saved conversation ran as HTML")
    check(not d.find_elements(By.CSS_SELECTOR, "#log img"), "an <img> element inside #log after a reload")
    screenshot(d, run.out, "widget-xss.png")
    run.close("xss")


def csrf_refused(run):
    base = run.server.base
    client = Client(base)
    session = client.get("/api/session")
    check(session.status == 200, f"GET /api/session: {session.describe()}")
    info = session.json()
    csrf = info.get("csrf")
    check(isinstance(csrf, str) and csrf, f"GET /api/session has no csrf token: {info}")
    check(str(info.get("chat", "")).startswith("web:"), f"GET /api/session: chat is not web:…: {info}")
    cookie = client.cookie("bot_chat")
    check(cookie and re.fullmatch(r"[0-9a-f]{32}\.[0-9a-f]{64}", cookie), f"bot_chat cookie looks wrong: {cookie!r}")
    check(info["chat"] == "web:" + cookie.split(".")[0], f"the session's chat {info['chat']} is not the cookie's id")
    set_cookie = "\n".join(session.headers.get_all("Set-Cookie") or [])
    check("HttpOnly" in set_cookie and re.search(r"SameSite=Strict", set_cookie, re.I),
          f"bot_chat is not HttpOnly; SameSite=Strict: {set_cookie!r}")

    message = {"text": "/start", "id": "w-csrf-1", "user": {"lang": "ru"}}
    expect_error(client.post("/api/messages", message), 403, "unauthorized", "POST /api/messages without X-CSRF-Token")
    expect_error(client.post("/api/messages", message, {"X-CSRF-Token": "0" * len(csrf)}), 403, "unauthorized",
                 "POST /api/messages with a wrong X-CSRF-Token")
    expect_error(client.post("/api/messages", message, {"X-CSRF-Token": csrf + "0"}), 403, "unauthorized",
                 "POST /api/messages with the token and a character more")
    other = Client(base)
    other_csrf = other.get("/api/session").json().get("csrf")
    expect_error(client.post("/api/messages", message, {"X-CSRF-Token": other_csrf}), 403, "unauthorized",
                 "POST /api/messages with another chat's token")

    good = client.post("/api/messages", message, {"X-CSRF-Token": csrf})
    check(good.status == 200, f"POST /api/messages with the right token: {good.describe()}")
    turn = good.json()
    check(turn.get("type") == "turn" and turn.get("messages"), f"not a turn: {good.describe()}")
    check(turn.get("reply_to") == "w-csrf-1", f"the turn's reply_to is {turn.get('reply_to')!r}, not w-csrf-1")
    check(not turn.get("duplicate"), "the first accepted w-csrf-1 is marked duplicate: the refused ones did count")

    agent = Client(base)
    page = agent.get("/agent")
    check(page.status == 200 and agent.cookie("bot_agent"), f"GET /agent did not set bot_agent: {page.describe()}")
    agent_session = agent.get("/agent/api/session")
    check(agent_session.status == 200, f"GET /agent/api/session: {agent_session.describe()}")
    agent_csrf = agent_session.json().get("csrf")
    check(agent_csrf, f"GET /agent/api/session has no csrf: {agent_session.describe()}")
    credentials = {"login": AGENT_LOGIN, "password": AGENT_PASSWORD}
    expect_error(agent.post("/agent/api/login", credentials), 403, "unauthorized",
                 "POST /agent/api/login without X-CSRF-Token")
    expect_error(agent.post("/agent/api/login", credentials, {"X-CSRF-Token": "f" * len(agent_csrf)}), 403,
                 "unauthorized", "POST /agent/api/login with a wrong X-CSRF-Token")
    expect_error(agent.post("/agent/api/login", credentials, {"X-CSRF-Token": csrf}), 403, "unauthorized",
                 "POST /agent/api/login with the widget's token")
    still = agent.get("/agent/api/session").json()
    check(still.get("agent") is None, f"a refused login (bad CSRF) logged the console in anyway: {still}")
    expect_error(agent.get("/agent/api/queue"), 401, "unauthorized", "GET /agent/api/queue before logging in")
    logged = agent.post("/agent/api/login", credentials, {"X-CSRF-Token": agent_csrf})
    check(logged.status == 200 and (logged.json().get("agent") or {}).get("login") == AGENT_LOGIN,
          f"POST /agent/api/login with the right token: {logged.describe()}")
    check(AGENT_PASSWORD not in logged.text, "the login's answer contains the password")
    queue = agent.get("/agent/api/queue")
    check(queue.status == 200 and isinstance(queue.json().get("tickets"), list), f"the queue: {queue.describe()}")
    expect_error(agent.post("/agent/api/logout", {}), 403, "unauthorized", "POST /agent/api/logout without a token")
    check(agent.get("/agent/api/session").json().get("agent"), "a logout without a token logged the console out")

    nobody = urllib.request.Request(base + "/api/messages", data=json.dumps(message).encode(), method="POST",
                                    headers={"Content-Type": "application/json", "X-CSRF-Token": csrf})
    expect_error(raw(nobody), 401, "unauthorized", "POST /api/messages with no cookie")
    forged = cookie.split(".")[0] + "." + ("0" if cookie[-1] != "0" else "1") * 64
    tampered = urllib.request.Request(base + "/api/messages", data=json.dumps(message).encode(), method="POST",
                                      headers={"Content-Type": "application/json", "X-CSRF-Token": csrf,
                                               "Cookie": "bot_chat=" + forged})
    expect_error(raw(tampered), 401, "unauthorized", "POST /api/messages with a cookie whose signature is wrong")
    expect_error(raw(urllib.request.Request(base + "/agent/api/queue")), 401, "unauthorized",
                 "GET /agent/api/queue with no cookie")


def raw(request):
    """One request without a cookie jar."""
    deadline = time.monotonic() + WAIT
    while True:
        try:
            with urllib.request.urlopen(request, timeout=WAIT) as answer:
                response = Response(answer.status, answer.headers, answer.read())
        except urllib.error.HTTPError as error:
            response = Response(error.code, error.headers, error.read())
        if response.status != 429 or not retry_after(response, deadline):
            return response


def post_raw(port, path, body, headers):
    """A POST over a plain socket, so that a server answering before it read the whole body can be seen."""
    deadline = time.monotonic() + WAIT
    while True:
        response = post_raw_once(port, path, body, headers)
        if response.status != 429 or not retry_after(response, deadline):
            return response


def post_raw_once(port, path, body, headers):
    connection = socket.create_connection(("127.0.0.1", port), timeout=WAIT)
    try:
        head = f"POST {path} HTTP/1.1\r\nHost: 127.0.0.1:{port}\r\nContent-Length: {len(body)}\r\n"
        head += "".join(f"{k}: {v}\r\n" for k, v in headers.items()) + "Connection: close\r\n\r\n"
        try:
            connection.sendall(head.encode() + body)
        except (BrokenPipeError, ConnectionResetError):
            pass  # the server may answer and close before reading everything; its answer is read below
        received = b""
        try:
            while True:
                chunk = connection.recv(65536)
                if not chunk:
                    break
                received += chunk
        except ConnectionResetError:
            if not received:
                raise Failure(f"POST {path} with a {len(body)}-byte body: the connection was reset with no answer")
        status_line, _, rest = received.partition(b"\r\n")
        match = re.match(rb"HTTP/1\.[01] (\d{3})", status_line)
        check(match, f"POST {path}: no HTTP status line in the answer: {received[:200]!r}")
        head_bytes, _, body_bytes = rest.partition(b"\r\n\r\n")
        headers = {}
        for line in head_bytes.decode("latin-1").split("\r\n"):
            name, _, value = line.partition(":")
            headers[name.strip().title()] = value.strip()
        return Response(int(match.group(1)), headers, body_bytes)
    finally:
        connection.close()


def http_basics(run):
    base = run.server.base
    client = Client(base)
    health = client.get("/healthz")
    check(health.status == 200, f"GET /healthz: {health.describe()}")
    check(health.text.strip() == "ok", f"GET /healthz body is {health.text!r}, not ok")
    metrics = client.get("/metrics")
    check(metrics.status == 200, f"GET /metrics: {metrics.describe()}")
    for name in ("bot_turns_total", "bot_http_requests_total"):
        check(re.search(rf"^{name}\b", metrics.text, re.M), f"/metrics has no {name}: {short(metrics.text, 500)}")
    turns = re.search(r"^bot_turns_total(?:\{[^}]*\})? (\d+(?:\.\d+)?)", metrics.text, re.M)
    check(turns and float(turns.group(1)) > 0, "bot_turns_total is not above 0 after the browser's turns")
    for path, kind in (("/", "text/html"), ("/widget.js", "javascript"), ("/widget.css", "text/css"),
                       ("/agent", "text/html"), ("/agent.js", "javascript"), ("/agent.css", "text/css"),
                       ("/embed.js", "javascript")):
        page = client.get(path)
        check(page.status == 200, f"GET {path}: {page.describe()}")
        check(kind in (page.headers.get("Content-Type") or ""),
              f"GET {path}: Content-Type {page.headers.get('Content-Type')!r}, expected {kind}")

    csrf = client.get("/api/session").json()["csrf"]
    cookie = client.cookie("bot_chat")
    big = json.dumps({"text": "а" * 100, "id": "w-big", "pad": "x" * (70 * 1024)}).encode()
    too_large = post_raw(run.server.port, "/api/messages", big,
                         {"Content-Type": "application/json", "X-CSRF-Token": csrf, "Cookie": "bot_chat=" + cookie})
    check(too_large.status == 413, f"a 70 KiB body: expected HTTP 413, got {too_large.describe()}")
    code = too_large.json().get("code") if too_large.body.strip() else None
    check(code == "line_too_long", f"a 70 KiB body: expected the error code line_too_long, got {too_large.describe()}")

    message = {"text": "/help", "id": "w-dup-1", "user": {"lang": "ru"}}
    first = client.post("/api/messages", message, {"X-CSRF-Token": csrf})
    check(first.status == 200 and first.json().get("type") == "turn", f"the first w-dup-1: {first.describe()}")
    again = client.post("/api/messages", message, {"X-CSRF-Token": csrf})
    check(again.status == 200, f"the repeated w-dup-1: {again.describe()}")
    one, two = first.json(), again.json()
    check(two.get("duplicate") is True, f"the repeated id is not marked \"duplicate\": true: {again.describe()}")
    check(not one.get("duplicate"), "the first w-dup-1 is marked duplicate")
    check(two.get("messages") == one.get("messages") and two.get("meta") == one.get("meta"),
          f"the repeated id got a different turn: {short(json.dumps(one, ensure_ascii=False))} vs "
          f"{short(json.dumps(two, ensure_ascii=False))}")
    check(two.get("reply_to") == "w-dup-1", f"the duplicate's reply_to is {two.get('reply_to')!r}")

    expect_error(client.post("/api/messages", b"{nope", {"X-CSRF-Token": csrf}), 400, "bad_json", "a body `{nope`")
    expect_error(client.post("/api/messages", {"id": "w-no-text"}, {"X-CSRF-Token": csrf}), 400, "missing_field",
                 "a message without text")
    missing = client.get("/no/such/page")
    check(missing.status == 404, f"GET /no/such/page: expected 404, got {missing.describe()}")
    wrong = client.request("DELETE", "/api/messages", headers={"X-CSRF-Token": csrf})
    check(wrong.status == 405, f"DELETE /api/messages: expected 405, got {wrong.describe()}")
    if client.rate_limited:
        run.notes.append(f"http_basics: {client.rate_limited} request(s) got 429 and were retried after Retry-After")


SCENARIOS = [
    widget_credentials,
    widget_login_and_confirm,
    reload_keeps_conversation,
    agent_answers_live,
    console_login_refused,
    xss_renders_as_text,
    csrf_refused,
    http_basics,
]


# ---------------------------------------------------------------------------------------------------------------


def unexpected(error):
    """An exception that is no Failure, in a line or two: its kind, message and where in this script it came."""
    message = short(getattr(error, "msg", None) or error, 300)
    here = [frame for frame in traceback.extract_tb(error.__traceback__) if frame.filename == __file__]
    where = f" (web_test.py:{here[-1].lineno} in {here[-1].name})" if here else ""
    return f"{type(error).__name__}: {message}{where}"


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--botrunner", required=True, help="the built botrunner executable")
    parser.add_argument("--out", required=True, help="the folder for screenshots")
    parser.add_argument("--only", action="append", help="run only this scenario (repeatable; for debugging)")
    arguments = parser.parse_args()
    out = os.path.abspath(arguments.out)
    os.makedirs(out, exist_ok=True)
    for old in os.listdir(out):  # the failures of an earlier run would mislead
        if old.startswith("fail-"):
            os.remove(os.path.join(out, old))
    for required in (CHROMIUM, CHROMEDRIVER, arguments.botrunner):
        if not os.access(required, os.X_OK):
            print(f"FAIL setup: {required} is missing or not executable "
                  f"(apt-get install -y chromium chromium-driver python3-selenium)")
            print("0 passed, 1 failed")
            return 1

    def stop(number, _frame):
        raise Stopped(signal.Signals(number).name)
    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    folder = tempfile.mkdtemp(prefix="botrunner-web-")
    server = None
    run = None
    passed = failed = 0
    started = time.monotonic()
    try:
        try:
            server = Server(os.path.abspath(arguments.botrunner), folder)
        except Failure as error:
            print(f"FAIL setup: {error}")
            print("0 passed, 1 failed")
            return 1
        run = Run(server, out)
        for scenario in SCENARIOS:
            name = scenario.__name__
            if arguments.only and name not in arguments.only:
                continue
            began = time.monotonic()
            try:
                scenario(run)
                passed += 1
                print(f"PASS {name} ({time.monotonic() - began:.1f} s)", flush=True)
            except Exception as error:  # a Failure, or anything selenium or the network raised
                failed += 1
                reason = str(error) if isinstance(error, Failure) else unexpected(error)
                print(f"FAIL {name}: {reason}", flush=True)
                for label, driver in list(run.drivers.items()):
                    try:
                        driver.save_screenshot(os.path.join(out, f"fail-{name}-{label}.png"))
                    except Exception:
                        pass
                    for entry in browser_errors(driver)[-5:]:
                        print(f"  browser console ({label}): {short(entry, 300)}", flush=True)
                if server.process.poll() is not None:
                    print(f"  the server exited with status {server.process.returncode}", flush=True)
                # the scenarios that keep a driver (the director's) can go on; throwaway ones are closed
                for label in ("phone", "console", "refused", "xss"):
                    run.close(label)
    except Stopped as signal_name:
        failed += 1
        print(f"FAIL stopped: {signal_name} came in the middle of the run", flush=True)
    finally:
        signal.signal(signal.SIGTERM, signal.SIG_IGN)  # the cleanup below is bounded; let it finish
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if run:
            run.close_all()
        if server:
            note = server.stop()
            if note:
                print(f"note: {note}")
            if failed:
                log = server.log()
                with open(os.path.join(out, "fail-server-stderr.txt"), "w") as file:
                    file.write(log)
                lines = log.splitlines()
                crash = next((i for i, line in enumerate(lines) if re.search(r"Fatal error|Swift runtime failure|^\*\*\* Signal", line)), None)
                shown = lines[crash:crash + 40] if crash is not None else lines[-15:]
                print(f"server stderr ({'from the crash' if crash is not None else 'last lines'}; all of it in "
                      f"{os.path.join(out, 'fail-server-stderr.txt')}):\n  " + "\n  ".join(shown))
        shutil.rmtree(folder, ignore_errors=True)
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
    if run:
        for note in run.notes:
            print(f"note: {note}")
    print(f"screenshots: {out} ({time.monotonic() - started:.0f} s)")
    print(f"{passed} passed, {failed} failed")
    return 0 if failed == 0 and passed > 0 else 1


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/env python3
"""Generate the mail fixtures for Tests/CabinetTests/Fixtures/mail.

Every message is built with Python's standard `email` package so the fixtures have the shapes real
mailers produce. Dates, Message-IDs and MIME boundaries are fixed, so running the script again
reproduces the committed files byte for byte.

Usage: python3 scripts/make-mail-fixtures.py [output-directory]
"""

import email.charset
import pathlib
import sys
from email import policy
from email.header import Header
from email.message import EmailMessage, Message
from email.mime.application import MIMEApplication
from email.mime.multipart import MIMEMultipart
from email.mime.text import MIMEText
from email.utils import formataddr

ROOT = pathlib.Path(__file__).resolve().parent.parent
DEFAULT_OUTPUT = ROOT / "Tests" / "CabinetTests" / "Fixtures" / "mail"

CRLF_COMPAT = policy.compat32.clone(linesep="\r\n")
LF_COMPAT = policy.compat32

# Fake but structurally plausible PDF bytes used by several fixtures.
PDF_BYTES = b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n"
# 512 bytes covering every byte value twice; the truncated fixture cuts its base64 short.
BINARY_BYTES = bytes(range(256)) * 2


def charset(name, header, body):
    """A charset with explicit header and body encodings (email.charset.QP / BASE64 / None)."""
    result = email.charset.Charset(name)
    result.header_encoding = header
    result.body_encoding = body
    return result


def help_question_utf8():
    """A plain UTF-8 question to help@educont.ru with a base64 body (modern client)."""
    message = EmailMessage(policy=policy.default)
    message["From"] = "Иванова Мария Петровна <director@school1.ru>"
    message["To"] = "Служба поддержки <help@educont.ru>"
    message["Subject"] = "Не пришел логин и пароль"
    message["Date"] = "Thu, 30 Apr 2026 10:15:00 +0300"
    message["Message-ID"] = "<q1.20260430@school1.ru>"
    message.set_content(
        "Здравствуйте!\n\n"
        "Мы отправили заявку 27 апреля, но логин и пароль так и не пришли.\n"
        "ИНН школы 7707083893.\n\n"
        "С уважением,\n"
        "директор МБОУ СОШ №1 Иванова М. П.\n",
        cte="base64",
    )
    return message.as_bytes(policy=policy.default)


def cp1251_quoted_printable():
    """A windows-1251 reply with quoted-printable body and Q-encoded headers (older Outlook)."""
    cp1251_q = charset("windows-1251", email.charset.QP, email.charset.QP)
    body = (
        "Добрый день!\n"
        "Подскажите, пожалуйста, как подтвердить учителей? В списке ожидающих 12 человек, но кнопка "
        "«Подтвердить» неактивна, хотя директор уже подтверждён — письмо пришло вчера.\n"
        "Итого = 12 учителей.\n"
        "Спасибо.\n"
    )
    message = MIMEText(body, "plain", cp1251_q)
    message["From"] = formataddr(("Петров Сергей", "petrov@school2.ru"), charset=cp1251_q)
    message["To"] = "help@educont.ru"
    message["Cc"] = formataddr(("Заместитель директора", "zam@school2.ru"), charset=cp1251_q) + ", info@school2.ru"
    message["Subject"] = Header("Re: Вопрос о подтверждении учителей", cp1251_q)
    message["Date"] = "Fri, 1 May 2026 09:05:30 +0500"
    message["Message-ID"] = "<r2-cp1251@school2.ru>"
    message["In-Reply-To"] = "<a1@educont.ru>"
    message["References"] = "<a0@educont.ru>\r\n <a1@educont.ru>"
    return message.as_bytes(policy=CRLF_COMPAT)


def koi8r_8bit():
    """A KOI8-R letter with an 8bit body and KOI8-R encoded-word headers (old Unix mailer)."""
    koi8 = charset("koi8-r", email.charset.BASE64, None)
    body = (
        "Здравствуйте.\n"
        "У нас сменился директор. Приказ пришлём отдельным письмом.\n"
        "Ёлкина Ольга Юрьевна, ёлка, съезд, ЪЬ.\n"
    )
    message = MIMEText(body, "plain", koi8)
    message["From"] = formataddr(("Ёлкина Ольга", "elkina@school3.ru"), charset=koi8)
    message["To"] = "help@educont.ru"
    message["Subject"] = Header("Смена директора школы", koi8)
    message["Date"] = "Sat, 02 May 2026 23:59:59 -0000"
    message["Message-ID"] = "<koi8.1@school3.ru>"
    return message.as_bytes(policy=LF_COMPAT)


def html_only_alternative():
    """A multipart/alternative whose only part is HTML (no text/plain alternative)."""
    utf8_qp = charset("utf-8", email.charset.BASE64, email.charset.QP)
    html = (
        "<html><head><title>Письмо</title><style>p { color: red; }</style></head>\n"
        "<body><script>alert('x')</script>\n"
        "<p>Добрый&nbsp;день!</p><p>Письмо с темой &laquo;Приказ&raquo; отправлено.<br>"
        "Школа &#8470;1 &amp; &quot;Лицей&quot; &lt;2&gt;</p>\n"
        "<div>Строка в div</div><div>Вторая   строка\n   с переносом</div>\n"
        "<ul><li>Первый пункт</li><li>Второй пункт</li></ul>\n"
        "</body></html>\n"
    )
    message = MIMEMultipart("alternative", boundary="alt-boundary-html-only")
    message.attach(MIMEText(html, "html", utf8_qp))
    message["From"] = "noreply@portal.example.ru"
    message["To"] = "help@educont.ru"
    message["Subject"] = Header("Уведомление", "utf-8")
    message["Date"] = "Sun, 3 May 2026 08:00:00 +0300"
    message["Message-ID"] = "<html-only@portal.example.ru>"
    return message.as_bytes(policy=LF_COMPAT)


def prikaz_rfc2231():
    """The change-of-director letter with the order attached; the Russian filename uses RFC 2231."""
    message = EmailMessage(policy=policy.default)
    message["From"] = "Сидоров Павел Андреевич <sidorov@school1.ru>"
    message["To"] = "ssod@innopolis.ru"
    message["Subject"] = "Приказ"
    message["Date"] = "Mon, 4 May 2026 12:00:00 +0300"
    message["Message-ID"] = "<prikaz-2231@school1.ru>"
    message.set_content(
        "Добрый день!\nНаправляем приказ о смене директора.\nИНН 7707083893, МБОУ СОШ №1.\n",
        cte="quoted-printable",
    )
    message.add_attachment(
        PDF_BYTES, maintype="application", subtype="pdf", filename="Приказ о смене директора №15.pdf"
    )
    message.set_boundary("mixed-2231-boundary")
    return message.as_bytes(policy=policy.default)


def prikaz_rfc2047():
    """The change-of-director letter where the filename is an RFC 2047 encoded word (Gmail/Outlook style)."""
    filename = "Приказ №15 от 28.04.2026.docx"
    encoded_name = Header(filename, "utf-8").encode()
    message = MIMEMultipart("mixed", boundary="mixed-2047-boundary")
    message.attach(MIMEText("Приказ во вложении.\n", "plain", "utf-8"))
    attachment = MIMEApplication(b"PK\x03\x04fake-docx\x00\x01\x02", "vnd.openxmlformats-officedocument.wordprocessingml.document")
    del attachment["Content-Type"]
    attachment["Content-Type"] = (
        f'application/vnd.openxmlformats-officedocument.wordprocessingml.document; name="{encoded_name}"'
    )
    attachment["Content-Disposition"] = f'attachment; filename="{encoded_name}"'
    message.attach(attachment)
    message["From"] = formataddr(("Кузнецова Анна", "kuznetsova@school4.ru"))
    message["To"] = "ssod@innopolis.ru"
    message["Subject"] = Header("Приказ", "utf-8")
    message["Date"] = "Tue, 5 May 2026 14:30:00 +0300"
    message["Message-ID"] = "<prikaz-2047@school4.ru>"
    return message.as_bytes(policy=CRLF_COMPAT)


def credentials_request():
    """A credential request to regions@educont.ru: mixed(alternative(plain, html), pdf), CRLF line ends."""
    utf8_qp = charset("utf-8", email.charset.BASE64, email.charset.QP)
    plain = (
        "Прошу выдать логин и пароль для доступа к платформе.\n"
        "Организация: МБОУ СОШ №1\n"
        "ИНН: 7707083893\n"
        "Регион: Республика Татарстан\n"
        "Директор: Иванова Мария Петровна\n"
    )
    html = "<p>HTML-версия: прошу выдать логин.</p><p>ИНН: 7707083893</p>"
    alternative = MIMEMultipart("alternative", boundary="inner-alt-boundary")
    alternative.attach(MIMEText(plain, "plain", utf8_qp))
    alternative.attach(MIMEText(html, "html", utf8_qp))
    letter = MIMEApplication(PDF_BYTES, "pdf")
    letter.add_header("Content-Disposition", "attachment", filename=("utf-8", "", "Заявка на бланке.pdf"))
    message = MIMEMultipart("mixed", boundary="outer-mixed-boundary")
    message.attach(alternative)
    message.attach(letter)
    message["From"] = formataddr(("МБОУ СОШ №1", "school1@edu.example.ru"))
    message["To"] = "regions@educont.ru"
    message["Subject"] = Header("Запрос логина и пароля для организации МБОУ СОШ №1 (ИНН 7707083893)", "utf-8")
    message["Date"] = "Wed, 6 May 2026 16:45:10 +0300"
    message["Message-ID"] = "<cred-request-1@edu.example.ru>"
    return message.as_bytes(policy=CRLF_COMPAT)


def malformed_truncated():
    """A multipart message cut off inside the attachment: no closing boundary, truncated base64."""
    message = MIMEMultipart("mixed", boundary="truncated-boundary")
    message.attach(MIMEText("Текст до обрыва.\n", "plain", "utf-8"))
    attachment = MIMEApplication(BINARY_BYTES, "octet-stream")
    attachment.add_header("Content-Disposition", "attachment", filename="data.bin")
    message.attach(attachment)
    message["From"] = "broken@school5.ru"
    message["To"] = "help@educont.ru"
    message["Subject"] = "Truncated"
    message["Date"] = "Thu, 7 May 2026 10:00:00 +0300"
    message["Message-ID"] = "<truncated@school5.ru>"
    raw = message.as_bytes(policy=LF_COMPAT)
    # Keep three full base64 lines (3 * 57 bytes) plus 10 characters of the fourth line.
    start = raw.index(b"\n\n", raw.index(b"filename=")) + 2
    cut = start + 3 * 77 + 10
    return raw[:cut]


def malformed_wrong_boundary():
    """A multipart message whose declared boundary never occurs; the parts use another one."""
    lines = [
        "From: wrong@school6.ru",
        "To: help@educont.ru",
        "Subject: =?utf-8?B?0J7RgtGH0ZHRgg==?=",
        "Date: Fri, 8 May 2026 11:00:00 +0300",
        "Message-ID: <wrong-boundary@school6.ru>",
        "MIME-Version: 1.0",
        'Content-Type: multipart/mixed; boundary="BOUNDARY-DECLARED"',
        "",
        "--BOUNDARY-ACTUAL",
        "Content-Type: text/plain; charset=utf-8",
        "Content-Transfer-Encoding: 8bit",
        "",
        "Текст письма с неверной границей.",
        "--BOUNDARY-ACTUAL",
        'Content-Type: text/csv; charset=utf-8; name="report.csv"',
        'Content-Disposition: attachment; filename="report.csv"',
        "",
        "ФИО;Роль",
        "Иванов;учитель",
        "--BOUNDARY-ACTUAL--",
        "",
    ]
    return "\n".join(lines).encode("utf-8")


FIXTURES = {
    "help-question-utf8.eml": help_question_utf8,
    "cp1251-quoted-printable.eml": cp1251_quoted_printable,
    "koi8r-8bit.eml": koi8r_8bit,
    "html-only-alternative.eml": html_only_alternative,
    "prikaz-rfc2231-filename.eml": prikaz_rfc2231,
    "prikaz-rfc2047-filename.eml": prikaz_rfc2047,
    "credentials-request.eml": credentials_request,
    "malformed-truncated.eml": malformed_truncated,
    "malformed-wrong-boundary.eml": malformed_wrong_boundary,
}


def main():
    output = pathlib.Path(sys.argv[1]) if len(sys.argv) > 1 else DEFAULT_OUTPUT
    output.mkdir(parents=True, exist_ok=True)
    for name, build in FIXTURES.items():
        (output / name).write_bytes(build())
        print(f"wrote {output / name}")


if __name__ == "__main__":
    main()

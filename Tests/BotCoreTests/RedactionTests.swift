import BotCore
import Testing

/// What leaves a log line and what stays: INNs, e-mail addresses and full names go; the rest is kept.
struct RedactionTests {
    @Test(arguments: [
        ("inn 7707083893 taken", "inn <inn> taken"),
        ("a person's INN 500100732259.", "a person's INN <inn>."),
        ("ИНН:1655012344,", "ИНН:<inn>,"),
        ("cannot write /srv/bot/reports/7707083893/report-1.csv", "cannot write /srv/bot/reports/<inn>/report-1.csv"),
        ("wrong check digits 7707083894 123456789012", "wrong check digits 7707083894 123456789012"),
        ("line 3: 123456789 bytes, 2026-04-30 10:00", "line 3: 123456789 bytes, 2026-04-30 10:00"),
        ("/tmp/1b4e28ba-2fa1-11d2-883f-b7707083893a/bot.sock", "/tmp/1b4e28ba-2fa1-11d2-883f-b7707083893a/bot.sock"),
        ("x7707083893 77070838930", "x7707083893 77070838930"),
    ])
    func innsAlone(line: String, expected: String) {
        #expect(Redaction.redact(line) == expected)
    }

    @Test(arguments: [
        ("to school1@example.ru failed", "to <email> failed"),
        ("<director.ivanov+reports@mail.school-1.ru>", "<<email>>"),
        ("Директор: иванов@школа.рф.", "Директор: <email>."),
        ("From: \"Ivan\" <ivan@x.org>, cc a_b@c.co", "From: \"Ivan\" <<email>>, cc <email>"),
        ("user@localhost and @handle and a@b.c", "user@localhost and @handle and a@b.c"),
        ("7707083893@inn.example.ru", "<email>"),
    ])
    func emailAddresses(line: String, expected: String) {
        #expect(Redaction.redact(line) == expected)
    }

    @Test(arguments: [
        ("Вы вошли как Агентова Анна Петровна.", "Вы вошли как <name>."),
        ("teacher Петрова-Водкина Анна confirmed", "teacher <name> confirmed"),
        ("director Иванов И.И. and Сидоров И. П.", "director <name> and <name>"),
        ("signed И. И. Иванов", "signed <name>"),
        ("Ivan Petrov; Mary O'Brien-Smith Jane", "<name>; <name>"),
        ("Ёлкина Алёна Ёвна", "<name>"),
        ("МБОУ СОШ № 1 г. Казани", "МБОУ СОШ № 1 г. Казани"),
        ("SQLite error 5: database is locked", "SQLite error 5: database is locked"),
        ("Подтверждено: 1. Не забудьте", "Подтверждено: 1. Не забудьте"),
        ("Иванов Ivan", "Иванов Ivan"),
    ])
    func fullNames(line: String, expected: String) {
        #expect(Redaction.redact(line) == expected)
    }

    @Test func aLineWithEverythingKeepsItsShape() {
        let line = "turn failed: loginTaken(\"ivanov\") for Иванов Иван Иванович, INN 7707083893, ivanov@school1.ru"
        #expect(
            Redaction.redact(line) == "turn failed: loginTaken(\"ivanov\") for <name>, INN <inn>, <email>")
    }

    @Test func theSinkRedactsUnlessPersonalDataIsAllowed() {
        let seen = LockedBox<[String]>([])
        let redacting = Redaction.sink(personalData: false) { line in seen.value.append(line) }
        let open = Redaction.sink(personalData: true) { line in seen.value.append(line) }
        redacting("Петров Пётр 7707083893")
        open("Петров Пётр 7707083893")
        #expect(seen.value == ["<name> <inn>", "Петров Пётр 7707083893"])
    }

    @Test func hostileTextNeitherCrashesNorGrows() {
        let lines = [
            "", "@", "@@@.", "a@.", ".@a.b", String(repeating: "@a.", count: 500),
            String(repeating: "Я", count: 10_000), String(repeating: "Аа ", count: 3_000),
            String(repeating: "1", count: 100_000), "\u{0}\u{1}\u{202E}Иванов\u{202C} Иван", "e\u{301}e\u{301}@x.ru",
            String(repeating: "😀", count: 1_024), "И.И.И.И.И.И.",
        ]
        for line in lines {
            let redacted = Redaction.redact(line)
            #expect(redacted.unicodeScalars.count <= max(line.unicodeScalars.count, 7))
        }
        #expect(Redaction.redact(String(repeating: "1", count: 100_000)) == String(repeating: "1", count: 100_000))
    }
}

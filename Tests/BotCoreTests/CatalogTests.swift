import BotCore
import Testing

@Suite struct CatalogTests {
    let catalog = Catalog([
        .ru: ["n": "Ожидают {n} {n|учитель|учителя|учителей}", "x": "{{literal}} {name}!"],
        .en: ["n": "{n} {n|teacher|teachers} waiting"],
    ])

    @Test(arguments: [
        (1, "учитель"), (2, "учителя"), (5, "учителей"), (11, "учителей"), (21, "учитель"),
        (22, "учителя"), (112, "учителей"), (0, "учителей"),
    ])
    func russianPlurals(count: Int, word: String) {
        #expect(catalog.text("n", .ru, ["n": .number(count)]) == "Ожидают \(count) \(word)")
    }

    @Test func englishPluralsAndFallbacks() {
        #expect(catalog.text("n", .en, ["n": 1]) == "1 teacher waiting")
        #expect(catalog.text("n", .en, ["n": 3]) == "3 teachers waiting")
        #expect(catalog.text("x", .en, ["name": "Ада"]) == "{literal} Ада!", "falls back to Russian")
        #expect(catalog.text("missing", .ru) == "missing")
    }

    @Test(arguments: [
        ("a { b", "a { b"), ("c } d", "c } d"), ("{a{b}z", "z"), ("{}!", "!"), ("{n|one|many}", "many"),
        ("{{{name}}}", "{Ада}"), ("", ""),
    ])
    func oddBracesAreSaidAsTheyAlwaysWere(template: String, expected: String) {
        #expect(Catalog.render(template, language: .ru, arguments: ["name": "Ада"]) == expected)
    }
}

import Cabinet
import Foundation
import Testing

@Suite("Region resolution")
struct ValidationRegionTests {
    @Test("the table has every subject once, with both names")
    func table() {
        let codes = Region.all.map(\.code)
        #expect(codes.count == 89)
        #expect(codes == codes.sorted())
        #expect(Set(codes).count == codes.count)
        #expect(Set(codes) == Set(Array(1...79) + [83, 86, 87, 89, 90, 91, 92, 93, 94, 95]))
        #expect(Region.all.allSatisfy { !$0.russianName.isEmpty && !$0.englishName.isEmpty })
        #expect(Region(code: 1)?.russianName == "Республика Адыгея")
        #expect(Region(code: 77)?.russianName == "Москва")
        #expect(Region(code: 78)?.englishName == "Saint Petersburg")
        #expect(Region(code: 91)?.russianName == "Республика Крым")
        #expect(Region(code: 92)?.russianName == "Севастополь")
        #expect(Region(code: 80) == nil)
        #expect(Region(code: 0) == nil)
    }

    @Test(
        "codes are accepted with or without the leading zero",
        arguments: [("1", 1), ("01", 1), (" 16 ", 16), ("77", 77), ("78", 78), ("95", 95), ("9", 9)])
    func resolvesCode(_ raw: String, code: Int) throws {
        #expect(try Region.resolve(raw).code == code)
    }

    @Test("codes no region has are refused with the code", arguments: [("0", 0), ("00", 0), ("80", 80), ("99", 99)])
    func refusesUnknownCode(_ raw: String, code: Int) {
        #expect(throws: RegionRejection.unknownCode(code)) { try Region.resolve(raw) }
    }

    @Test(
        "names are matched in any case, with ё as е and short forms",
        arguments: [
            ("Республика Татарстан", 16), ("татарстан", 16), ("ТАТАРСТАН", 16), ("Респ. Татарстан", 16),
            ("Tatarstan", 16), ("Republic of Tatarstan", 16),
            ("Москва", 77), ("г. Москва", 77), ("город Москва", 77), ("Moscow", 77),
            ("Московская область", 50), ("Московская обл.", 50), ("московская обл", 50), ("Moscow Oblast", 50),
            ("Moscow region", 50), ("Подмосковье", 50),
            ("СПб", 78), ("спб", 78), ("Санкт-Петербург", 78), ("санкт петербург", 78), ("С.-Петербург", 78),
            ("St. Petersburg", 78), ("Saint Petersburg", 78),
            ("Орловская область", 57), ("Oryol Oblast", 57),
            ("Республика Саха (Якутия)", 14), ("Якутия", 14), ("Саха", 14),
            ("Северная Осетия", 15), ("Республика Северная Осетия - Алания", 15), ("Алания", 15),
            ("Кемеровская область", 42), ("Кузбасс", 42),
            ("ХМАО", 86), ("Ханты-Мансийский АО", 86), ("Югра", 86),
            ("Ненецкий АО", 83), ("Ненецкий", 83), ("ЯНАО", 89), ("Ямало-Ненецкий автономный округ", 89),
            ("Еврейская АО", 79), ("Алтай", 4), ("Алтайский край", 22), ("алтайский", 22),
            ("Чувашия", 21), ("Башкирия", 2), ("Крым", 91), ("Севастополь", 92), ("ДНР", 93), ("ЛНР", 94),
            ("Херсонская обл", 95), ("Запорожская", 90), ("Нижегородская", 52), ("Новгородская", 53),
            ("Nizhny Novgorod Oblast", 52), ("Novgorod", 53),
            ("Татарст", 16), ("Свердлов", 66),
        ])
    func resolvesName(_ raw: String, code: Int) throws {
        #expect(try Region.resolve(raw).code == code)
    }

    @Test("ё and е are alike, case and punctuation do not matter")
    func foldsLettersAndPunctuation() throws {
        #expect(try Region.resolve("Рёспублика Татарстан").code == 16)
        #expect(try Region.resolve("ЧУВАШСКАЯ РЕСПУБЛИКА").code == 21)
        #expect(try Region.resolve("Республика Марий-Эл").code == 12)
        #expect(try Region.resolve("Кемеровская область — Кузбасс").code == 42)
        #expect(try Region.resolve("Donetsk People’s Republic").code == 93)
    }

    @Test("a beginning shared by several regions is ambiguous")
    func ambiguous() {
        let moscowOblastAndMoscow = [Region(code: 50)!, Region(code: 77)!]
        #expect(throws: RegionRejection.ambiguous(moscowOblastAndMoscow)) { try Region.resolve("Моск") }
        let altaiRepublicAndKrai = [Region(code: 4)!, Region(code: 22)!]
        #expect(throws: RegionRejection.ambiguous(altaiRepublicAndKrai)) { try Region.resolve("Altai") }
    }

    @Test("unknown names are refused with the trimmed text", arguments: ["Атлантида", "область", "ab", " Гондор "])
    func refusesUnknownName(_ raw: String) {
        let trimmed = raw.trimmingCharacters(in: .whitespaces)
        #expect(throws: RegionRejection.unknownName(trimmed)) { try Region.resolve(raw) }
    }

    @Test("empty input is refused", arguments: ["", "  ", "\n"])
    func refusesEmpty(_ raw: String) {
        #expect(throws: RegionRejection.empty) { try Region.resolve(raw) }
    }

    @Test("an INN's first two digits name its region")
    func regionForINN() {
        #expect(Region.forINN("7707083893")?.code == 77)
        #expect(Region.forINN("1655000003")?.russianName == "Республика Татарстан")
        #expect(Region.forINN("500100732259")?.code == 50)
        #expect(Region.forINN("78 01 234567")?.code == 78)
        #expect(Region.forINN("0012345673") == nil)
        #expect(Region.forINN("8000000005") == nil)
        #expect(Region.forINN("7") == nil)
        #expect(Region.forINN("abc") == nil)
    }

    @Test("a region is encoded as its two-digit code")
    func codable() throws {
        let data = try JSONEncoder().encode([Region(code: 1)!, Region(code: 16)!])
        #expect(String(decoding: data, as: UTF8.self) == #"["01","16"]"#)
        #expect(try JSONDecoder().decode([Region].self, from: data).map(\.code) == [1, 16])
        #expect(throws: DecodingError.self) { try JSONDecoder().decode([Region].self, from: Data(#"["80"]"#.utf8)) }
    }
}

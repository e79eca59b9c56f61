import Foundation

extension Region {
    /// One row of the table: the region and the extra names people call it by.
    struct Entry: Sendable {
        let region: Region
        let aliases: [String]

        init(_ code: Int, _ russianName: String, _ englishName: String, aliases: [String] = []) {
            region = Region(code: code, russianName: russianName, englishName: englishName)
            self.aliases = aliases
        }
    }

    /// The subjects of the Russian Federation by the two-digit code that begins the INNs their tax offices issue.
    ///
    /// Codes 80–82, 84, 85 and 88 belonged to autonomous okrugs merged into other subjects in 2005–2008;
    /// older INNs may still begin with them, but no subject answers to them now.
    static let table: [Entry] = [
        Entry(1, "Республика Адыгея", "Republic of Adygea"),
        Entry(2, "Республика Башкортостан", "Republic of Bashkortostan", aliases: ["Башкирия", "Bashkiria"]),
        Entry(3, "Республика Бурятия", "Republic of Buryatia"),
        Entry(4, "Республика Алтай", "Altai Republic", aliases: ["Горный Алтай"]),
        Entry(5, "Республика Дагестан", "Republic of Dagestan"),
        Entry(6, "Республика Ингушетия", "Republic of Ingushetia"),
        Entry(7, "Кабардино-Балкарская Республика", "Kabardino-Balkar Republic", aliases: ["Кабардино-Балкария"]),
        Entry(8, "Республика Калмыкия", "Republic of Kalmykia"),
        Entry(9, "Карачаево-Черкесская Республика", "Karachay-Cherkess Republic", aliases: ["Карачаево-Черкесия"]),
        Entry(10, "Республика Карелия", "Republic of Karelia"),
        Entry(11, "Республика Коми", "Komi Republic"),
        Entry(12, "Республика Марий Эл", "Mari El Republic"),
        Entry(13, "Республика Мордовия", "Republic of Mordovia"),
        Entry(
            14, "Республика Саха (Якутия)", "Sakha (Yakutia) Republic",
            aliases: ["Якутия", "Саха", "Yakutia", "Sakha"]),
        Entry(
            15, "Республика Северная Осетия — Алания", "Republic of North Ossetia–Alania",
            aliases: ["Северная Осетия", "North Ossetia"]),
        Entry(16, "Республика Татарстан", "Republic of Tatarstan", aliases: ["Татария"]),
        Entry(17, "Республика Тыва", "Tuva Republic", aliases: ["Тува"]),
        Entry(18, "Удмуртская Республика", "Udmurt Republic", aliases: ["Удмуртия", "Udmurtia"]),
        Entry(19, "Республика Хакасия", "Republic of Khakassia"),
        Entry(20, "Чеченская Республика", "Chechen Republic", aliases: ["Чечня", "Chechnya"]),
        Entry(21, "Чувашская Республика", "Chuvash Republic", aliases: ["Чувашия", "Chuvashia"]),
        Entry(22, "Алтайский край", "Altai Krai"),
        Entry(23, "Краснодарский край", "Krasnodar Krai", aliases: ["Кубань"]),
        Entry(24, "Красноярский край", "Krasnoyarsk Krai"),
        Entry(25, "Приморский край", "Primorsky Krai", aliases: ["Приморье"]),
        Entry(26, "Ставропольский край", "Stavropol Krai", aliases: ["Ставрополье"]),
        Entry(27, "Хабаровский край", "Khabarovsk Krai"),
        Entry(28, "Амурская область", "Amur Oblast"),
        Entry(29, "Архангельская область", "Arkhangelsk Oblast"),
        Entry(30, "Астраханская область", "Astrakhan Oblast"),
        Entry(31, "Белгородская область", "Belgorod Oblast"),
        Entry(32, "Брянская область", "Bryansk Oblast"),
        Entry(33, "Владимирская область", "Vladimir Oblast"),
        Entry(34, "Волгоградская область", "Volgograd Oblast"),
        Entry(35, "Вологодская область", "Vologda Oblast"),
        Entry(36, "Воронежская область", "Voronezh Oblast"),
        Entry(37, "Ивановская область", "Ivanovo Oblast"),
        Entry(38, "Иркутская область", "Irkutsk Oblast"),
        Entry(39, "Калининградская область", "Kaliningrad Oblast"),
        Entry(40, "Калужская область", "Kaluga Oblast"),
        Entry(41, "Камчатский край", "Kamchatka Krai", aliases: ["Камчатка"]),
        Entry(42, "Кемеровская область — Кузбасс", "Kemerovo Oblast – Kuzbass"),
        Entry(43, "Кировская область", "Kirov Oblast"),
        Entry(44, "Костромская область", "Kostroma Oblast"),
        Entry(45, "Курганская область", "Kurgan Oblast"),
        Entry(46, "Курская область", "Kursk Oblast"),
        Entry(47, "Ленинградская область", "Leningrad Oblast", aliases: ["Ленобласть"]),
        Entry(48, "Липецкая область", "Lipetsk Oblast"),
        Entry(49, "Магаданская область", "Magadan Oblast"),
        Entry(50, "Московская область", "Moscow Oblast", aliases: ["Подмосковье"]),
        Entry(51, "Мурманская область", "Murmansk Oblast"),
        Entry(52, "Нижегородская область", "Nizhny Novgorod Oblast"),
        Entry(53, "Новгородская область", "Novgorod Oblast"),
        Entry(54, "Новосибирская область", "Novosibirsk Oblast"),
        Entry(55, "Омская область", "Omsk Oblast"),
        Entry(56, "Оренбургская область", "Orenburg Oblast"),
        Entry(57, "Орловская область", "Oryol Oblast"),
        Entry(58, "Пензенская область", "Penza Oblast"),
        Entry(59, "Пермский край", "Perm Krai"),
        Entry(60, "Псковская область", "Pskov Oblast"),
        Entry(61, "Ростовская область", "Rostov Oblast"),
        Entry(62, "Рязанская область", "Ryazan Oblast"),
        Entry(63, "Самарская область", "Samara Oblast"),
        Entry(64, "Саратовская область", "Saratov Oblast"),
        Entry(65, "Сахалинская область", "Sakhalin Oblast"),
        Entry(66, "Свердловская область", "Sverdlovsk Oblast"),
        Entry(67, "Смоленская область", "Smolensk Oblast"),
        Entry(68, "Тамбовская область", "Tambov Oblast"),
        Entry(69, "Тверская область", "Tver Oblast"),
        Entry(70, "Томская область", "Tomsk Oblast"),
        Entry(71, "Тульская область", "Tula Oblast"),
        Entry(72, "Тюменская область", "Tyumen Oblast"),
        Entry(73, "Ульяновская область", "Ulyanovsk Oblast"),
        Entry(74, "Челябинская область", "Chelyabinsk Oblast"),
        Entry(75, "Забайкальский край", "Zabaykalsky Krai", aliases: ["Забайкалье"]),
        Entry(76, "Ярославская область", "Yaroslavl Oblast"),
        Entry(77, "Москва", "Moscow", aliases: ["Мск", "Msk"]),
        Entry(
            78, "Санкт-Петербург", "Saint Petersburg",
            aliases: ["СПб", "С.-Петербург", "Петербург", "Питер", "St. Petersburg", "SPb"]),
        Entry(79, "Еврейская автономная область", "Jewish Autonomous Oblast", aliases: ["ЕАО"]),
        Entry(83, "Ненецкий автономный округ", "Nenets Autonomous Okrug", aliases: ["НАО"]),
        Entry(
            86, "Ханты-Мансийский автономный округ — Югра", "Khanty-Mansi Autonomous Okrug – Yugra",
            aliases: ["ХМАО", "ХМАО — Югра", "Югра", "KhMAO"]),
        Entry(87, "Чукотский автономный округ", "Chukotka Autonomous Okrug", aliases: ["Чукотка", "ЧАО"]),
        Entry(89, "Ямало-Ненецкий автономный округ", "Yamalo-Nenets Autonomous Okrug", aliases: ["ЯНАО", "Ямал"]),
        Entry(90, "Запорожская область", "Zaporozhye Oblast"),
        Entry(91, "Республика Крым", "Republic of Crimea"),
        Entry(92, "Севастополь", "Sevastopol"),
        Entry(93, "Донецкая Народная Республика", "Donetsk People's Republic", aliases: ["ДНР", "DPR"]),
        Entry(94, "Луганская Народная Республика", "Lugansk People's Republic", aliases: ["ЛНР", "LPR", "Luhansk"]),
        Entry(95, "Херсонская область", "Kherson Oblast"),
    ]
}

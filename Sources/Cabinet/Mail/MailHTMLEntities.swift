/// HTML character references: the named ones mail bodies use, and all numeric ones.
enum MailHTMLEntities {
    private static let named: [String: String] = [
        "amp": "&", "lt": "<", "gt": ">", "quot": "\"", "apos": "'", "nbsp": "\u{A0}",
        "laquo": "«", "raquo": "»", "ldquo": "“", "rdquo": "”", "bdquo": "„", "lsquo": "‘", "rsquo": "’",
        "sbquo": "‚", "mdash": "—", "ndash": "–", "minus": "−", "hellip": "…", "bull": "•", "middot": "·",
        "copy": "©", "reg": "®", "trade": "™", "euro": "€", "deg": "°", "plusmn": "±", "times": "×",
        "divide": "÷", "sect": "§", "para": "¶", "numero": "№", "shy": "", "zwnj": "", "zwj": "",
        "thinsp": "\u{2009}", "ensp": "\u{2002}", "emsp": "\u{2003}", "rarr": "→", "larr": "←",
    ]

    /// Decodes the reference starting at `index` (an `&`) and moves past it; an unknown or unterminated
    /// reference yields a literal `&`.
    static func decode(_ input: [Unicode.Scalar], at index: inout Int) -> String {
        let start = index
        index += 1
        var name = ""
        while index < input.count, index - start <= 32, input[index] != ";" {
            let scalar = input[index]
            guard scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || scalar == "#" else { break }
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard index < input.count, input[index] == ";", let text = resolve(name) else {
            index = start + 1
            return "&"
        }
        index += 1
        return text
    }

    private static func resolve(_ name: String) -> String? {
        guard name.hasPrefix("#") else {
            return named[name] ?? named[name.lowercased()]
        }
        let digits = name.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = UInt32(digits.dropFirst(), radix: 16)
        } else {
            value = UInt32(digits)
        }
        guard let value else { return nil }
        guard value != 0, let scalar = Unicode.Scalar(value) else { return "\u{FFFD}" }
        return String(scalar)
    }
}

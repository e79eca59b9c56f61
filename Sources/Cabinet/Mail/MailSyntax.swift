/// RFC 5322 / RFC 2045 lexical checks and quoting used when writing header fields.
enum MailSyntax {
    /// `atext` of RFC 5322 section 3.2.3.
    private static let atextSymbols = Set("!#$%&'*+-/=?^_`{|}~".utf8)
    /// Characters a MIME token may not contain (RFC 2045 `tspecials`).
    private static let tspecials = Set("()<>@,;:\\\"/[]?=".utf8)
    /// Characters allowed unescaped in an RFC 2231 extended value (`attribute-char`).
    private static let attributeSymbols = Set("!#$&+-.^_`|~".utf8)

    static func isAlphanumeric(_ byte: UInt8) -> Bool {
        (0x30...0x39).contains(byte) || (0x41...0x5A).contains(byte) || (0x61...0x7A).contains(byte)
    }

    static func isAtext(_ byte: UInt8) -> Bool {
        isAlphanumeric(byte) || atextSymbols.contains(byte)
    }

    /// Whether `text` is a dot-atom such as `school1.ru`: runs of atext separated by single dots.
    static func isDotAtom(_ text: String) -> Bool {
        let atoms = text.utf8.split(separator: UInt8(ascii: "."), omittingEmptySubsequences: false)
        return !text.isEmpty && atoms.allSatisfy { !$0.isEmpty && $0.allSatisfy(isAtext) }
    }

    /// Whether `address` is a plain ASCII `local@domain` with a dot-atom local part and a host name.
    static func isAddress(_ address: String) -> Bool {
        let parts = address.split(separator: "@", omittingEmptySubsequences: false)
        guard parts.count == 2, parts[0].utf8.count <= 64, parts[1].utf8.count <= 253, isDotAtom(String(parts[0]))
        else { return false }
        let labels = parts[1].split(separator: ".", omittingEmptySubsequences: false)
        return labels.allSatisfy { label in
            !label.isEmpty && label.utf8.count <= 63 && !label.hasPrefix("-") && !label.hasSuffix("-")
                && label.utf8.allSatisfy { $0 == UInt8(ascii: "-") || isAlphanumeric($0) }
        }
    }

    /// A message ID without angle brackets, checked to be printable ASCII without spaces or brackets.
    static func messageID(_ raw: String) throws(MailComposeError) -> String {
        var id = Substring(raw.trimmingCharactersInSet([" ", "\t"]))
        if id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 {
            id = id.dropFirst().dropLast()
        }
        guard !id.isEmpty, id.utf8.allSatisfy({ (33...126).contains($0) && $0 != 0x3C && $0 != 0x3E }) else {
            throw .invalidMessageID(raw)
        }
        return String(id)
    }

    static func isToken(_ text: String) -> Bool {
        !text.isEmpty && text.utf8.allSatisfy { (33...126).contains($0) && !tspecials.contains($0) }
    }

    static func isMediaType(_ text: String) -> Bool {
        let parts = text.split(separator: "/", omittingEmptySubsequences: false)
        return parts.count == 2 && isToken(String(parts[0])) && isToken(String(parts[1]))
    }

    /// `text` with line breaks and other control characters turned into spaces, trimmed.
    static func singleLine(_ text: String) -> String {
        let scalars = text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }
        return String(String.UnicodeScalarView(scalars)).trimmingCharactersInSet([" "])
    }

    /// The words of a display name that can go out as plain atoms, or `nil` when it needs quoting.
    static func atomPhrase(_ name: String) -> [String]? {
        let words = name.split(separator: " ", omittingEmptySubsequences: false)
        guard words.allSatisfy({ !$0.isEmpty && $0.utf8.count <= 60 && $0.utf8.allSatisfy(isAtext) }) else {
            return nil
        }
        return words.map(String.init)
    }

    /// A printable-ASCII display name as one quoted string, or `nil` when it needs encoded words.
    static func quotedPhrase(_ name: String) -> String? {
        guard name.utf8.count <= 60, name.utf8.allSatisfy({ (0x20...0x7E).contains($0) }), !name.contains("=?") else {
            return nil
        }
        return "\"" + name.replacingOccurrencesOf(["\\": "\\\\", "\"": "\\\""]) + "\""
    }

    /// A MIME parameter as header tokens: quoted when short ASCII, else RFC 2231 `name*=utf-8''...`,
    /// split into continuations `name*0*=...` when long.
    static func parameter(_ name: String, _ value: String) -> [String] {
        let isSimple = value.utf8.allSatisfy { (0x20...0x7E).contains($0) } && !value.contains("=?")
        if isSimple, value.utf8.count <= 60 {
            return [name + "=\"" + value.replacingOccurrencesOf(["\\": "\\\\", "\"": "\\\""]) + "\""]
        }
        var pieces: [String] = []
        for byte in value.utf8 {
            let isPlain = isAlphanumeric(byte) || attributeSymbols.contains(byte)
            pieces.append(isPlain ? String(UnicodeScalar(byte)) : "%" + hex(byte))
        }
        let encoded = "utf-8''" + pieces.joined()
        if encoded.utf8.count + name.utf8.count + 2 <= 70 {
            return [name + "*=" + encoded]
        }
        var sections: [String] = []
        var chunk = "utf-8''"
        for piece in pieces {
            if chunk.utf8.count + piece.utf8.count > 56 {
                sections.append(chunk)
                chunk = ""
            }
            chunk += piece
        }
        sections.append(chunk)
        return sections.enumerated().map { "\(name)*\($0.offset)*=\($0.element)" }
    }

    private static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 0x0F)]])
    }
}

extension String {
    fileprivate func trimmingCharactersInSet(_ set: Set<Character>) -> String {
        var slice = Substring(self)
        while let first = slice.first, set.contains(first) { slice.removeFirst() }
        while let last = slice.last, set.contains(last) { slice.removeLast() }
        return String(slice)
    }

    fileprivate func replacingOccurrencesOf(_ replacements: [Character: String]) -> String {
        var result = ""
        for character in self {
            result += replacements[character] ?? String(character)
        }
        return result
    }
}

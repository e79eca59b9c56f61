/// A catalog template split once into literal text and placeholders: `{name}`, `{name|form|form…}`, with `{{` and
/// `}}` for literal braces.
///
/// A `{` with no `}` after it, and a lone `}`, stay as they are.
struct CatalogTemplate: Sendable {
    enum Part: Sendable {
        case literal(String)
        /// `{name}`: the argument's value, or nothing.
        case value(String)
        /// `{name|form|form…}`: the plural form for the number `name`, or the last form.
        case plural(String, forms: [String])
    }

    /// The template as written.
    let text: String
    /// Nil when the template has no braces: its text is said as it is.
    let parts: [Part]?

    init(_ template: String) {
        text = template
        // Braces are ASCII, so the template is scanned as UTF-8 bytes: no Foundation search, no grapheme breaking.
        let bytes = Array(template.utf8)
        guard bytes.contains(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "}") }) else {
            parts = nil
            return
        }
        var parts: [Part] = []
        var literal: [UInt8] = []
        func flush() {
            if !literal.isEmpty { parts.append(.literal(String(decoding: literal, as: UTF8.self))) }
            literal.removeAll()
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            let next = index + 1
            if (byte == UInt8(ascii: "{") || byte == UInt8(ascii: "}")), next < bytes.count, bytes[next] == byte {
                literal.append(byte)
                index = next + 1
            } else if byte == UInt8(ascii: "{"), let close = bytes[next...].firstIndex(of: UInt8(ascii: "}")) {
                flush()
                let pieces = String(decoding: bytes[next..<close], as: UTF8.self)
                    .split(separator: "|", omittingEmptySubsequences: false).map(String.init)
                parts.append(
                    pieces.count > 1 ? .plural(pieces[0], forms: Array(pieces.dropFirst())) : .value(pieces[0]))
                index = close + 1
            } else {
                literal.append(byte)
                index = next
            }
        }
        flush()
        self.parts = parts
    }

    /// The text with the arguments filled in.
    func render(language: Language, arguments: [String: CatalogValue]) -> String {
        guard let parts else { return text }
        var output = ""
        for part in parts {
            switch part {
            case .literal(let literal):
                output += literal
            case .value(let name):
                output += arguments[name]?.rendered ?? ""
            case .plural(let name, let forms):
                if case .number(let count) = arguments[name] {
                    output += forms[Plural.formIndex(count, language: language, formCount: forms.count)]
                } else {
                    output += forms.last ?? ""
                }
            }
        }
        return output
    }
}

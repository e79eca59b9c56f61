/// A structured MIME header value such as `text/plain; charset="utf-8"` or `attachment; filename*=...`.
///
/// Parameter names are lowercased. RFC 2231 forms are assembled and decoded: `name*=charset'lang'%XX`,
/// continuations `name*0=...; name*1=...` and encoded continuations `name*0*=...`. An RFC 2231 value
/// wins over a plain parameter of the same name.
struct MIMEHeaderValue: Equatable, Sendable {
    /// The value before the first `;`, lowercased, without comments, for example `"text/plain"`.
    var value: String
    /// Parameters by lowercased name, decoded.
    var parameters: [String: String]

    init(_ raw: String) {
        let characters = Array(raw)
        var index = 0
        var mainValue = ""
        while index < characters.count, characters[index] != ";" {
            if characters[index] == "(" {
                Self.skipComment(characters, &index)
                continue
            }
            if characters[index] == "\"" {
                mainValue += Self.readQuoted(characters, &index)
                continue
            }
            mainValue.append(characters[index])
            index += 1
        }
        value = MailText.collapsingBlanks(mainValue).replacingSpaces().lowercased()
        parameters = Self.assemble(Self.readParameters(characters, from: index))
    }

    /// The `type/subtype` part, defaulting to `text/plain` when the value is missing or malformed.
    var mediaType: String {
        let parts = value.split(separator: "/", omittingEmptySubsequences: false)
        guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return "text/plain" }
        return value
    }

    /// The parameter `name` with RFC 2047 encoded words decoded, as mailers write in `filename="=?...?="`.
    func decodedParameter(_ name: String) -> String? {
        parameters[name].map(MailEncodedWords.decode)
    }

    // MARK: - Lexing

    private static func readParameters(_ characters: [Character], from start: Int) -> [(String, String)] {
        var result: [(String, String)] = []
        var index = start
        while index < characters.count {
            while index < characters.count, characters[index] == ";" || characters[index].isWhitespace {
                index += 1
            }
            var name = ""
            while index < characters.count, characters[index] != "=", characters[index] != ";" {
                name.append(characters[index])
                index += 1
            }
            name = MailText.collapsingBlanks(name).lowercased()
            guard index < characters.count, characters[index] == "=" else { continue }
            index += 1
            while index < characters.count, characters[index] == " " || characters[index] == "\t" {
                index += 1
            }
            var parameterValue = ""
            if index < characters.count, characters[index] == "\"" {
                parameterValue = readQuoted(characters, &index)
                while index < characters.count, characters[index] != ";" {
                    index += 1  // anything after the closing quote is junk
                }
            } else {
                while index < characters.count, characters[index] != ";" {
                    parameterValue.append(characters[index])
                    index += 1
                }
                parameterValue = MailText.collapsingBlanks(parameterValue)
            }
            if !name.isEmpty {
                result.append((name, parameterValue))
            }
        }
        return result
    }

    /// Reads a quoted string starting at the opening quote; a missing closing quote ends at the input's end.
    static func readQuoted(_ characters: [Character], _ index: inout Int) -> String {
        var text = ""
        index += 1
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\\", index < characters.count {
                text.append(characters[index])
                index += 1
            } else if character == "\"" {
                break
            } else {
                text.append(character)
            }
        }
        return text
    }

    private static func skipComment(_ characters: [Character], _ index: inout Int) {
        var depth = 0
        while index < characters.count {
            let character = characters[index]
            index += 1
            if character == "\\" {
                index += 1
            } else if character == "(" {
                depth += 1
            } else if character == ")" {
                depth -= 1
                if depth == 0 { return }
            }
        }
    }

    // MARK: - RFC 2231

    private struct Section {
        var number: Int
        var isExtended: Bool
        var value: String
    }

    private static func assemble(_ raw: [(String, String)]) -> [String: String] {
        var parameters: [String: String] = [:]
        var sections: [String: [Section]] = [:]
        for (name, value) in raw {
            guard let star = name.firstIndex(of: "*") else {
                if parameters[name] == nil {
                    parameters[name] = value
                }
                continue
            }
            let base = String(name[..<star])
            let rest = name[name.index(after: star)...]
            if rest.isEmpty {
                sections[base, default: []].append(Section(number: 0, isExtended: true, value: value))
            } else if rest.hasSuffix("*"), let number = Int(rest.dropLast()) {
                sections[base, default: []].append(Section(number: number, isExtended: true, value: value))
            } else if let number = Int(rest) {
                sections[base, default: []].append(Section(number: number, isExtended: false, value: value))
            } else if parameters[name] == nil {
                parameters[name] = value
            }
        }
        for (base, parts) in sections {
            parameters[base] = join(parts.sorted { $0.number < $1.number })
        }
        return parameters
    }

    private static func join(_ sections: [Section]) -> String {
        var bytes: [UInt8] = []
        var charset: String?
        var expected = 0
        for section in sections where section.number == expected {
            expected += 1
            var value = Substring(section.value)
            if section.number == 0, section.isExtended {
                let pieces = value.split(separator: "'", maxSplits: 2, omittingEmptySubsequences: false)
                if pieces.count == 3 {
                    charset = String(pieces[0])
                    value = pieces[2]
                }
            }
            bytes += section.isExtended ? percentDecoded(value) : Array(value.utf8)
        }
        if let charset, !charset.isEmpty, let known = MailCharset(label: charset) {
            return known.decode(bytes).text
        }
        return MailCharset.decodeUnlabelled(bytes)
    }

    private static func percentDecoded(_ text: Substring) -> [UInt8] {
        let input = Array(text.utf8)
        var output: [UInt8] = []
        var index = 0
        while index < input.count {
            if input[index] == UInt8(ascii: "%"), index + 2 < input.count,
                let high = MailTransferEncoding.hexValue(input[index + 1]),
                let low = MailTransferEncoding.hexValue(input[index + 2])
            {
                output.append(high << 4 | low)
                index += 3
            } else {
                output.append(input[index])
                index += 1
            }
        }
        return output
    }
}

extension String {
    /// The string without spaces, for media types written as `text / plain`.
    fileprivate func replacingSpaces() -> String {
        filter { $0 != " " }
    }
}

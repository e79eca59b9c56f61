/// A word of a script line: a bare word, a quoted string, or a `key=value` setting.
struct ScriptToken: Equatable {
    enum Kind: Equatable {
        /// A bare word (`org`, `confirmed`, `7707083893`).
        case word
        /// A `"quoted string"`, escapes resolved.
        case quoted
        /// `key=value` or `key="quoted value"`; `text` is the value.
        case setting(key: String)
    }

    var kind: Kind
    var text: String

    static func word(_ text: String) -> ScriptToken { ScriptToken(kind: .word, text: text) }
    static func quoted(_ text: String) -> ScriptToken { ScriptToken(kind: .quoted, text: text) }
    static func setting(_ key: String, _ value: String) -> ScriptToken {
        ScriptToken(kind: .setting(key: key), text: value)
    }

    /// The word lower-cased, when it is a bare word.
    var keyword: String? { kind == .word ? text.lowercased() : nil }

    /// The token as it could be written back.
    var written: String {
        switch kind {
        case .word: text
        case .quoted: ScriptLexer.quote(text)
        case .setting(let key): key + "=" + ScriptLexer.quote(text)
        }
    }
}

/// Splits script lines into tokens and quotes text for writing scripts.
enum ScriptLexer {
    /// The tokens of `line`; a `#` where a token would start begins a comment that runs to the end of the line.
    static func tokens(_ line: Substring) throws(ScriptError.Problem) -> [ScriptToken] {
        var tokens: [ScriptToken] = []
        var index = line.startIndex
        while index < line.endIndex {
            let character = line[index]
            if character.isWhitespace {
                index = line.index(after: index)
            } else if character == "#" {
                break  // a comment to the end of the line
            } else if character == "\"" {
                let (text, end) = try readQuoted(line, from: index)
                tokens.append(.quoted(text))
                index = end
            } else {
                var word = ""
                var value: String?
                while index < line.endIndex, !line[index].isWhitespace {
                    if line[index] == "\"", word.hasSuffix("="), word.count > 1, value == nil {
                        let (text, end) = try readQuoted(line, from: index)
                        value = text
                        index = end
                        break
                    }
                    word.append(line[index])
                    index = line.index(after: index)
                }
                if let value {
                    tokens.append(.setting(String(word.dropLast()).lowercased(), value))
                } else if let equals = word.firstIndex(of: "="), equals != word.startIndex {
                    let key = String(word[..<equals]).lowercased()
                    tokens.append(.setting(key, String(word[word.index(after: equals)...])))
                } else {
                    tokens.append(.word(word))
                }
            }
        }
        return tokens
    }

    /// Reads a quoted string starting at the opening quote; returns its text and the index after the closing one.
    private static func readQuoted(
        _ line: Substring, from start: Substring.Index
    ) throws(ScriptError.Problem) -> (String, Substring.Index) {
        var text = ""
        var index = line.index(after: start)
        while index < line.endIndex {
            let character = line[index]
            if character == "\"" {
                return (text, line.index(after: index))
            }
            if character == "\\" {
                let next = line.index(after: index)
                guard next < line.endIndex else { throw .unterminatedQuote }
                switch line[next] {
                case "\"": text.append("\"")
                case "\\": text.append("\\")
                case "n": text.append("\n")
                case "t": text.append("\t")
                default: throw .badEscape(String(line[next]))
                }
                index = line.index(after: next)
            } else {
                text.append(character)
                index = line.index(after: index)
            }
        }
        throw .unterminatedQuote
    }

    /// `text` in quotes, with `"`, `\`, line ends and tabs escaped.
    static func quote(_ text: String) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\"": result += "\\\""
            case "\\": result += "\\\\"
            case "\n": result += "\\n"
            case "\t": result += "\\t"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}

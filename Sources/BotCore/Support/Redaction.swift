/// Removes personal data from a log line: INN-like digit runs, e-mail addresses and people's full names.
///
/// Logs go to operators and log collectors, not to the people whose data it is; unless the server runs with
/// `--log-personal-data`, every line passes through ``redact(_:)`` first. The rules lean towards removing too
/// much: a line an operator can still act on matters less than a name that should not have left the school.
///
/// - An INN becomes `<inn>`: a run of 10 digits (an organization's) or 12 (a person's) whose check digits hold,
///   standing on its own (no letter or digit right before or after it, so hex ids and file names' numbers stay).
/// - An e-mail address (`local@domain.tld`, any letters) becomes `<email>`.
/// - Two or three capitalized words of one script in a row (`Иванов Иван Иванович`, `Ivan Petrov`), or a
///   capitalized word with initials (`Иванов И.И.`, `И. И. Иванов`), becomes `<name>`.
public enum Redaction {
    /// What replaces a digit run.
    public static let innMark = "<inn>"
    /// What replaces an e-mail address.
    public static let emailMark = "<email>"
    /// What replaces a full name.
    public static let nameMark = "<name>"

    /// `line` with INNs, e-mail addresses and full names replaced by their marks.
    public static func redact(_ line: String) -> String {
        redactNames(redactDigitRuns(redactEmails(line)))
    }

    /// A log sink that redacts each line before passing it on, unless `personalData` allows it through.
    public static func sink(
        personalData: Bool, _ next: @escaping @Sendable (String) -> Void
    ) -> @Sendable (String) -> Void {
        if personalData { return next }
        return { line in next(redact(line)) }
    }

    // MARK: - E-mail addresses

    /// `line` with every e-mail address replaced by `<email>`.
    public static func redactEmails(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        guard scalars.contains("@") else { return line }
        var output = String.UnicodeScalarView()
        var index = 0
        var copied = 0
        while index < scalars.count {
            guard scalars[index] == "@" else {
                index += 1
                continue
            }
            var start = index
            while start > copied, isLocalPart(scalars[start - 1]) { start -= 1 }
            while start < index, scalars[start] == "." { start += 1 }
            var end = index + 1
            while end < scalars.count, isDomainPart(scalars[end]) { end += 1 }
            while end > index + 1, scalars[end - 1] == "." || scalars[end - 1] == "-" { end -= 1 }
            let domain = scalars[(index + 1)..<end]
            guard start < index, let dot = domain.lastIndex(of: "."), dot > index + 1, end - dot > 2,
                scalars[(dot + 1)..<end].allSatisfy(\.properties.isAlphabetic)
            else {
                index += 1
                continue
            }
            output.append(contentsOf: scalars[copied..<start])
            output.append(contentsOf: emailMark.unicodeScalars)
            copied = end
            index = end
        }
        output.append(contentsOf: scalars[copied...])
        return String(output)
    }

    private static func isLocalPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || isDigit(scalar) || "._%+-'".unicodeScalars.contains(scalar)
    }

    private static func isDomainPart(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || isDigit(scalar) || scalar == "." || scalar == "-"
    }

    // MARK: - INNs

    /// `line` with every INN (10 or 12 digits standing alone, check digits valid) replaced by `<inn>`.
    public static func redactDigitRuns(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        var output = String.UnicodeScalarView()
        var index = 0
        while index < scalars.count {
            guard isDigit(scalars[index]) else {
                output.append(scalars[index])
                index += 1
                continue
            }
            var end = index
            while end < scalars.count, isDigit(scalars[end]) { end += 1 }
            let before = index == 0 || !isWordScalar(scalars[index - 1])
            let after = end == scalars.count || !isWordScalar(scalars[end])
            let alone = before && after
            let digits = scalars[index..<end].compactMap { $0.properties.numericValue.map(Int.init) }
            if alone && isINN(digits) {
                output.append(contentsOf: innMark.unicodeScalars)
            } else {
                output.append(contentsOf: scalars[index..<end])
            }
            index = end
        }
        return String(output)
    }

    /// Whether `digits` are an organization's INN (10, one check digit) or a person's (12, two check digits).
    static func isINN(_ digits: [Int]) -> Bool {
        func check(_ count: Int, _ weights: [Int]) -> Bool {
            zip(digits.prefix(count), weights).reduce(0) { $0 + $1.0 * $1.1 } % 11 % 10 == digits[count]
        }
        switch digits.count {
        case 10: return check(9, [2, 4, 10, 3, 5, 9, 4, 6, 8])
        case 12: return check(10, [7, 2, 4, 10, 3, 5, 9, 4, 6, 8]) && check(11, [3, 7, 2, 4, 10, 3, 5, 9, 4, 6, 8])
        default: return false
        }
    }

    private static func isDigit(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.numericType == .decimal
    }

    private static func isWordScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.properties.isAlphabetic || isDigit(scalar)
    }

    // MARK: - Names

    /// A word of a line: where it is, and what it looks like.
    private struct Word {
        enum Shape {
            /// `Иванов`, `Петрова-Водкина`, `O'Brien`: an uppercase letter, then lowercase ones.
            case capitalized
            /// `И.` or `И.И.`: uppercase letters each followed by a dot.
            case initials
            case other
        }

        var range: Range<Int>
        var shape: Shape
        var script: Script
    }

    private enum Script {
        case cyrillic, latin, other
    }

    /// `line` with every full name replaced by `<name>`.
    public static func redactNames(_ line: String) -> String {
        let scalars = Array(line.unicodeScalars)
        let words = words(in: scalars)
        var output = String.UnicodeScalarView()
        var copied = 0
        var index = 0
        while index < words.count {
            let count = nameLength(words, at: index, scalars: scalars)
            guard count > 0 else {
                index += 1
                continue
            }
            output.append(contentsOf: scalars[copied..<words[index].range.lowerBound])
            output.append(contentsOf: nameMark.unicodeScalars)
            copied = words[index + count - 1].range.upperBound
            index += count
        }
        output.append(contentsOf: scalars[copied...])
        return String(output)
    }

    /// How many words from `start` make a full name (0: none).
    private static func nameLength(_ words: [Word], at start: Int, scalars: [Unicode.Scalar]) -> Int {
        let first = words[start]
        guard first.shape != .other, first.script != .other else { return 0 }
        var count = 1
        var capitalized = first.shape == .capitalized ? 1 : 0
        var initials = first.shape == .initials ? 1 : 0
        while start + count < words.count, count < 3 {
            let previous = words[start + count - 1]
            let next = words[start + count]
            let gap = scalars[previous.range.upperBound..<next.range.lowerBound]
            let joined = gap.isEmpty ? previous.shape == .initials : gap.count == 1 && gap.first == " "
            guard joined, next.script == first.script, next.shape != .other else { break }
            if next.shape == .capitalized { capitalized += 1 } else { initials += 1 }
            count += 1
        }
        // Two capitalized words, or one with initials; initials alone are no name.
        guard capitalized >= 2 || (capitalized == 1 && initials >= 1) else { return 0 }
        return count
    }

    /// The words of a line: letters, with `-` and `'` inside, and a dot right after a single capital letter.
    private static func words(in scalars: [Unicode.Scalar]) -> [Word] {
        var words: [Word] = []
        var index = 0
        while index < scalars.count {
            guard scalars[index].properties.isAlphabetic else {
                index += 1
                continue
            }
            let start = index
            while index < scalars.count {
                let scalar = scalars[index]
                if scalar.properties.isAlphabetic || scalar.properties.generalCategory == .nonspacingMark {
                    index += 1
                } else if scalar == "-" || scalar == "'", index + 1 < scalars.count,
                    scalars[index + 1].properties.isAlphabetic
                {
                    index += 1
                } else {
                    break
                }
            }
            var range = start..<index
            var shape = shape(of: scalars[range])
            if index - start == 1, scalars[start].properties.isUppercase, index < scalars.count, scalars[index] == "." {
                index += 1
                range = start..<index
                shape = .initials
                // `И.И.`: further initials run on without a space.
                while index + 1 < scalars.count, scalars[index].properties.isUppercase, scalars[index + 1] == "." {
                    index += 2
                    range = start..<index
                }
            }
            words.append(Word(range: range, shape: shape, script: script(of: scalars[start])))
        }
        return words
    }

    private static func shape(of letters: ArraySlice<Unicode.Scalar>) -> Word.Shape {
        guard letters.count >= 2, let first = letters.first, first.properties.isUppercase else { return .other }
        var afterHyphen = false
        for scalar in letters.dropFirst() {
            if scalar == "-" || scalar == "'" {
                afterHyphen = true
            } else if afterHyphen {
                afterHyphen = false  // `Петрова-Водкина`, `O'Brien`: either case after the joiner
            } else if scalar.properties.isUppercase {
                return .other  // `SQLite`, `МБОУ`: not a name
            }
        }
        return .capitalized
    }

    private static func script(of scalar: Unicode.Scalar) -> Script {
        switch scalar.value {
        case 0x0400...0x052F: .cyrillic
        case 0x41...0x5A, 0x61...0x7A, 0xC0...0x24F: .latin
        default: .other
        }
    }
}

import Foundation

/// One line of a script file, with its number and what is indented under it.
struct ScriptLine {
    var number: Int
    var text: Substring

    /// The line without its leading and trailing spaces.
    var trimmed: Substring {
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        var end = text.endIndex
        while end > start, text[text.index(before: end)].isWhitespace {
            end = text.index(before: end)
        }
        return text[start..<end]
    }

    /// How many whitespace characters it starts with.
    var indentation: Int { text.prefix { $0 == " " || $0 == "\t" }.count }

    var isBlank: Bool { trimmed.isEmpty }

    /// The lines of `text`, numbered from 1; `\n`, `\r\n` and `\r` all end a line.
    static func lines(of text: String) -> [ScriptLine] {
        text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
            .enumerated().map { ScriptLine(number: $0.offset + 1, text: $0.element) }
    }
}

/// Reads `.dialog` scripts into ``DialogueScript`` values, reporting any mistake with its file and line.
///
/// ```swift
/// let script = try ScriptParser.parse(file: "Tests/DialogsTests/Dialogues/menu.dialog")
/// let result = ScriptRunner().run(script)
/// ```
public struct ScriptParser {
    /// Reads a file's text by path; nil when it cannot be read.
    public typealias FileReader = @Sendable (String) -> Data?

    /// The file reader that reads the disk.
    public static let diskReader: FileReader = { path in FileManager.default.contents(atPath: path) }

    var steps: [ScriptStep] = []
    /// The chats declared so far and the line of each declaration.
    var chats: [String: (declaration: ChatDeclaration, line: Int)] = [:]
    var currentChat: String?
    /// The index in `steps` of the `>` or `push` step that `<` lines now add to.
    var openStep: Int?
    /// Whether a fixture or message came already (then `language` is too late).
    var hasStarted = false
    /// The files being read, outermost first, to catch include cycles.
    var includeStack: [String] = []
    let readFile: FileReader

    init(readFile: @escaping FileReader) {
        self.readFile = readFile
    }

    // MARK: - Entry points

    /// Reads and parses the script at `path` (its includes are read relative to it).
    public static func parse(file path: String, readFile: @escaping FileReader = diskReader)
        throws(ScriptError) -> DialogueScript
    {
        var parser = ScriptParser(readFile: readFile)
        try parser.include(path, at: nil)
        return DialogueScript(path: path, steps: parser.steps)
    }

    /// Parses `text` as the script at `path`; includes are read relative to `path`.
    public static func parse(_ text: String, path: String, readFile: @escaping FileReader = diskReader)
        throws(ScriptError) -> DialogueScript
    {
        var parser = ScriptParser(readFile: readFile)
        parser.includeStack = [Self.canonical(path)]
        try parser.parse(ScriptLine.lines(of: text.hasPrefix("\u{FEFF}") ? String(text.dropFirst()) : text), file: path)
        return DialogueScript(path: path, steps: parser.steps)
    }

    // MARK: - Files

    /// How deep includes may nest: deeper is taken for a loop the paths do not show (found by fuzzing: a file
    /// including `sub/itself` through a folder linked into itself nested without end).
    public static let maximumIncludeDepth = 32

    /// Reads `path` and parses it into the steps so far.
    mutating func include(_ path: String, at location: ScriptLocation?) throws(ScriptError) {
        let key = Self.canonical(path)
        guard !includeStack.contains(key) else { throw ScriptError(.includeCycle(path), at: location) }
        guard includeStack.count < Self.maximumIncludeDepth else {
            throw ScriptError(.includeTooDeep(path), at: location)
        }
        let text = try Self.read(path, at: location, readFile: readFile)
        includeStack.append(key)
        defer { includeStack.removeLast() }
        try parse(ScriptLine.lines(of: text), file: path)
    }

    /// The UTF-8 text of a file.
    static func read(_ path: String, at location: ScriptLocation?, readFile: FileReader) throws(ScriptError) -> String {
        guard let data = readFile(path) else { throw ScriptError(.unreadableFile(path), at: location) }
        guard var text = String(data: data, encoding: .utf8) else { throw ScriptError(.notUTF8(path), at: location) }
        if text.hasPrefix("\u{FEFF}") { text.removeFirst() }
        return text
    }

    /// `name` relative to the folder of `file` (absolute names stay as they are).
    static func resolve(_ name: String, relativeTo file: String) -> String {
        resolve(name, inFolder: (file as NSString).deletingLastPathComponent)
    }

    /// `name` inside `folder` (absolute names stay as they are).
    static func resolve(_ name: String, inFolder folder: String) -> String {
        if name.hasPrefix("/") || folder.isEmpty { return name }
        return (folder as NSString).appendingPathComponent(name)
    }

    /// The path with `.`, `..` and symbolic links resolved, so one file has one key however it is reached.
    static func canonical(_ path: String) -> String {
        URL(fileURLWithPath: path).resolvingSymlinksInPath().standardizedFileURL.path
    }

    // MARK: - Lines

    /// Parses `lines` of `file` into steps.
    mutating func parse(_ lines: [ScriptLine], file: String) throws(ScriptError) {
        var index = 0
        while index < lines.count {
            let line = lines[index]
            index += 1
            let text = line.trimmed
            let location = ScriptLocation(file: file, line: line.number)
            if text.isEmpty || text.hasPrefix("#") { continue }
            if let path = Self.includedPath(text) {
                openStep = nil
                try include(Self.resolve(path, relativeTo: file), at: location)
                continue
            }
            let block = Self.block(in: lines, after: index - 1)
            var usedBlock = false
            do throws(ScriptError.Problem) {
                if text.hasPrefix(">") {
                    try send(text.dropFirst(), at: location)
                } else if text.hasPrefix("<") {
                    usedBlock = try expect(text, block: block.text, at: location)
                } else {
                    openStep = nil
                    usedBlock = try directive(text, block: block.text, at: location)
                }
            } catch {
                throw ScriptError(error, at: location)
            }
            if usedBlock { index = block.next }
        }
    }

    /// The lines indented under line `index`, without their common indentation, and the index after them.
    static func block(in lines: [ScriptLine], after index: Int) -> (text: String?, next: Int) {
        let base = lines[index].indentation
        var end = index + 1
        var last = index
        while end < lines.count, lines[end].isBlank || lines[end].indentation > base {
            if !lines[end].isBlank { last = end }
            end += 1
        }
        guard last > index else { return (nil, index + 1) }
        let body = lines[(index + 1)...last]
        let indent = body.filter { !$0.isBlank }.map(\.indentation).min() ?? 0
        let text = body.map { $0.isBlank ? "" : String($0.text.dropFirst(indent)) }.joined(separator: "\n")
        return (text, last + 1)
    }

    // MARK: - Messages

    /// `> text` or `> [id m-17] text`.
    mutating func send(_ rest: Substring, at location: ScriptLocation) throws(ScriptError.Problem) {
        var text = rest.drop { $0 == " " || $0 == "\t" }
        var id: String?
        if text.hasPrefix("[id "), let close = text.firstIndex(of: "]") {
            id = text[text.index(text.startIndex, offsetBy: 4)..<close].trimmingCharacters(in: .whitespaces)
            text = text[text.index(after: close)...].drop { $0 == " " || $0 == "\t" }
            if id?.isEmpty == true { throw .missingArgument(directive: "[id]", what: "a message id") }
        }
        let message = String(text).trimmingCharacters(in: .whitespaces)
        guard !message.isEmpty else { throw .emptyMessage }
        guard message != ScriptRecorder.secretPlaceholder else { throw .recordedSecret }
        let chat = chatForMessage(at: location)
        hasStarted = true
        steps.append(ScriptStep(location, .send(SentMessage(chat: chat, text: message, id: id), [])))
        openStep = steps.count - 1
    }

    /// The current chat; the default chat `me` when none was declared.
    mutating func chatForMessage(at location: ScriptLocation) -> String {
        if let currentChat { return currentChat }
        let declaration = ChatDeclaration(name: ScriptParser.defaultChat)
        chats[declaration.name] = (declaration, location.line)
        steps.append(ScriptStep(location, .chat(declaration)))
        currentChat = declaration.name
        return declaration.name
    }

    /// The chat messages come from when the script declares none.
    public static let defaultChat = "me"

    /// A `<` line: adds a check to the open `>` or `push` step.
    ///
    /// Returns whether it used the indented block.
    mutating func expect(_ text: Substring, block: String?, at location: ScriptLocation)
        throws(ScriptError.Problem) -> Bool
    {
        guard let open = openStep else { throw .expectationWithoutMessage }
        let (expectation, usedBlock) = try Self.expectation(text, block: block, at: location)
        switch steps[open].action {
        case .send(let message, let checks):
            steps[open].action = .send(message, checks + [expectation])
        case .push(let push, let checks):
            steps[open].action = .push(push, checks + [expectation])
        default:
            throw .expectationWithoutMessage
        }
        return usedBlock
    }
}

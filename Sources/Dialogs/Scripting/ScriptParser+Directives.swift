import BotCore
import Cabinet
import Foundation

/// The words of a directive line, read one by one.
struct DirectiveWords {
    let directive: String
    private(set) var positional: [ScriptToken] = []
    private(set) var settings: [String: String] = [:]

    init(_ directive: String, _ tokens: some Sequence<ScriptToken>) throws(ScriptError.Problem) {
        self.directive = directive
        for token in tokens {
            if case .setting(let key) = token.kind {
                guard settings[key] == nil else { throw .repeatedSetting(key) }
                settings[key] = token.text
            } else {
                positional.append(token)
            }
        }
    }

    /// Refuses settings other than `known`.
    func allowSettings(_ known: [String]) throws(ScriptError.Problem) {
        if let key = settings.keys.sorted().first(where: { !known.contains($0) }) {
            throw .unknownSetting(directive: directive, key: key, known: known)
        }
    }

    /// Refuses positional words past the first `count`.
    func allowPositional(_ count: Int) throws(ScriptError.Problem) {
        if positional.count > count {
            throw .unexpectedArgument(directive: directive, argument: positional[count].text)
        }
    }

    /// A required setting.
    func required(_ key: String) throws(ScriptError.Problem) -> String {
        guard let value = settings[key], !value.isEmpty else {
            throw .missingArgument(directive: directive, what: "\(key)=")
        }
        return value
    }
}

extension ScriptParser {
    /// `include PATH` gives PATH (quotes removed); nil for any other line.
    static func includedPath(_ text: Substring) -> String? {
        guard let tokens = try? ScriptLexer.tokens(text), tokens.count == 2, tokens[0].keyword == "include"
        else { return nil }
        if case .setting = tokens[1].kind { return nil }
        return tokens[1].text
    }

    /// A line that is neither `>` nor `<`.
    ///
    /// Returns whether it used the indented block under it.
    mutating func directive(_ text: Substring, block: String?, at location: ScriptLocation)
        throws(ScriptError.Problem) -> Bool
    {
        let tokens = try ScriptLexer.tokens(text)
        guard let first = tokens.first, let name = first.keyword else {
            throw .unknownDirective(tokens.first?.text ?? String(text))
        }
        let words = try DirectiveWords(name, tokens.dropFirst())
        switch name {
        case "include":
            try words.allowSettings([])
            try words.allowPositional(1)
            throw .missingArgument(directive: "include", what: "a file name")
        case "language", "lang":
            try words.allowSettings([])
            try words.allowPositional(1)
            guard let tag = words.positional.first?.text else {
                throw .missingArgument(directive: name, what: "ru or en")
            }
            guard let language = Language(tag: tag) else {
                throw .badValue(what: "language", value: tag, expected: "ru or en")
            }
            guard !hasStarted else { throw .languageTooLate }
            add(.language(language), at: location)
        case "clock":
            try words.allowSettings([])
            add(try ScriptParser.clock(words.positional.map(\.text)), at: location)
        case "org", "organization":
            try organization(words, at: location)
        case "account":
            try account(words, at: location)
        case "import-users":
            try words.allowSettings(["org", "file"])
            try words.allowPositional(0)
            let inn = try words.required("org")
            let csv: String
            if let file = words.settings["file"] {
                csv = try readRelative(file, at: location)
            } else {
                guard let block else { throw .missingBlock("import-users without file=") }
                csv = block
            }
            start()
            add(.importUsers(organizationINN: inn, csv: csv), at: location)
            return words.settings["file"] == nil
        case "demo":
            try words.allowSettings([])
            try words.allowPositional(0)
            start()
            add(.demoSchool, at: location)
        case "inbox":
            return try inbox(words, block: block, at: location)
        case "chat":
            try chat(words, at: location)
        case "disconnect":
            try words.allowSettings([])
            try words.allowPositional(1)
            add(.disconnect(chat: try knownChat(words.positional.first?.text)), at: location)
        case "restart":
            try words.allowSettings([])
            try words.allowPositional(0)
            add(.restart, at: location)
        case "push":
            try push(words, at: location)
        case "outbox":
            add(.outbox(try Self.outbox(Array(tokens.dropFirst()), source: String(text))), at: location)
        default:
            throw .unknownDirective(first.text)
        }
        return false
    }

    mutating func add(_ action: ScriptAction, at location: ScriptLocation) {
        steps.append(ScriptStep(location, action))
    }

    /// Notes that the bot is in use (fixtures and messages), after which `language` is too late.
    mutating func start() { hasStarted = true }

    /// The text of a file named relative to the script.
    func readRelative(_ name: String, at location: ScriptLocation) throws(ScriptError.Problem) -> String {
        let path = Self.resolve(name, relativeTo: location.file)
        do {
            return try Self.read(path, at: location, readFile: readFile)
        } catch {
            throw error.problem
        }
    }

    /// The chat `name` names, or the current chat; it must have been declared.
    func knownChat(_ name: String?) throws(ScriptError.Problem) -> String {
        guard let name = name ?? currentChat else { throw .unknownChat(ScriptParser.defaultChat) }
        guard chats[name] != nil else { throw .unknownChat(name) }
        return name
    }

    // MARK: - Fixtures

    private mutating func organization(_ words: DirectiveWords, at location: ScriptLocation)
        throws(ScriptError.Problem)
    {
        try words.allowSettings(["name", "email", "region"])
        try words.allowPositional(2)
        guard let inn = words.positional.first?.text else {
            throw .missingArgument(directive: "org", what: "the INN")
        }
        guard let name = words.positional.dropFirst().first?.text ?? words.settings["name"] else {
            throw .missingArgument(directive: "org", what: "the name in quotes")
        }
        let fixture = OrganizationFixture(
            inn: inn, name: name, email: try words.required("email"), region: words.settings["region"])
        start()
        add(.organization(fixture), at: location)
    }

    /// The roles, as the admin command and Russian speakers write them.
    static let roles: [String: Role] = [
        "director": .director, "teacher": .teacher, "student": .student, "agent": .agent,
        "директор": .director, "учитель": .teacher, "ученик": .student, "агент": .agent,
    ]

    private mutating func account(_ words: DirectiveWords, at location: ScriptLocation) throws(ScriptError.Problem) {
        try words.allowSettings(["login", "password", "org", "name", "email", "teacher", "class"])
        guard let roleWord = words.positional.first?.text else {
            throw .missingArgument(directive: "account", what: "a role (director, teacher, student or agent)")
        }
        guard let role = Self.roles[roleWord.lowercased()] else {
            throw .badValue(what: "role", value: roleWord, expected: "director, teacher, student or agent")
        }
        var confirmed = false
        for flag in words.positional.dropFirst() {
            switch flag.keyword {
            case "confirmed": confirmed = true
            case "pending": confirmed = false
            default: throw .unexpectedArgument(directive: "account", argument: flag.text)
            }
        }
        let settings = words.settings
        let account = NewAccount(
            role: role, login: try words.required("login"), organizationINN: settings["org"],
            fullName: settings["name"],
            email: settings["email"], teacherLogin: settings["teacher"], className: settings["class"],
            isConfirmed: confirmed)
        start()
        add(.account(AccountFixture(account: account, password: try words.required("password"))), at: location)
    }

    private mutating func inbox(_ words: DirectiveWords, block: String?, at location: ScriptLocation)
        throws(ScriptError.Problem) -> Bool
    {
        try words.allowPositional(0)
        let folder = (location.file as NSString).deletingLastPathComponent
        start()
        if let file = words.settings["file"] {
            try words.allowSettings(["file"])
            add(.inboxMail(InboxFixture(.file(file), folder: folder)), at: location)
            return false
        }
        try words.allowSettings(["from", "to", "subject", "attach", "file"])
        let attachments =
            words.settings["attach"].map {
                $0.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
            } ?? []
        let content = InboxFixture.Content.composed(
            from: try words.required("from"), to: try words.required("to"), subject: words.settings["subject"] ?? "",
            body: block ?? "", attachments: attachments)
        add(.inboxMail(InboxFixture(content, folder: folder)), at: location)
        return block != nil
    }

    // MARK: - Chats

    private mutating func chat(_ words: DirectiveWords, at location: ScriptLocation) throws(ScriptError.Problem) {
        try words.allowSettings(["id", "user", "lang"])
        try words.allowPositional(1)
        guard let name = words.positional.first?.text else {
            throw .missingArgument(directive: "chat", what: "a name")
        }
        if let tag = words.settings["lang"], Language(tag: tag) == nil {
            throw .badValue(what: "lang", value: tag, expected: "ru or en")
        }
        let declaration = ChatDeclaration(
            name: name, wireID: words.settings["id"], userName: words.settings["user"],
            userLanguage: words.settings["lang"])
        if let known = chats[name] {
            guard words.settings.isEmpty || known.declaration == declaration else {
                throw .chatRedeclared(name: name, line: known.line)
            }
        } else {
            if let id = words.settings["id"], id.isEmpty || id.count > WireLimits.maximumChatLength {
                throw .badValue(what: "id", value: id, expected: "1 to 128 characters")
            }
            chats[name] = (declaration, location.line)
            add(.chat(declaration), at: location)
        }
        currentChat = name
    }

    private mutating func push(_ words: DirectiveWords, at location: ScriptLocation) throws(ScriptError.Problem) {
        try words.allowSettings([])
        try words.allowPositional(2)
        var name: String?
        var arrival: PushArrival?
        for word in words.positional {
            if let kind = word.keyword.flatMap(PushArrival.init(rawValue:)), arrival == nil {
                arrival = kind
            } else if name == nil, arrival == nil {
                name = word.text
            } else {
                throw .unexpectedArgument(directive: "push", argument: word.text)
            }
        }
        let chat = try knownChat(name)
        add(.push(PushExpectation(chat: chat, arrival: arrival), []), at: location)
        openStep = steps.count - 1
    }
}

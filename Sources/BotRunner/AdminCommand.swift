import BotCore
import Cabinet
import Dialogs
import Foundation

/// `botrunner admin ...`: organizations and accounts from the command line.
///
/// One line of output on success; a clear error on stderr and exit 2 on failure, changing nothing.
enum AdminCommand {
    static func run(_ words: [String]) throws -> Int32 {
        guard let action = words.first else {
            throw UsageError(
                "admin needs an action: add-org, add-account, import-users, import-mail or migrate-to-postgres")
        }
        let rest = Array(words.dropFirst())
        do {
            switch action {
            case "add-org": return try addOrganization(rest)
            case "add-account": return try addAccount(rest)
            case "import-users": return try importUsers(rest)
            case "import-mail": return try importMail(rest)
            case "migrate-to-postgres": return try migrateToPostgres(rest)
            default: throw UsageError("unknown admin action \(action)")
            }
        } catch let error as CabinetError {
            printError("botrunner admin \(action): \(describe(error))")
            return 2
        }
    }

    private static func open(_ arguments: Arguments) throws -> TurnProcessor<SchoolEnvironment> {
        try SchoolBot.makeProcessor(try arguments.configuration())
    }

    private static func required(_ arguments: Arguments, _ name: String) throws -> String {
        guard let value = arguments.value(name), !value.isEmpty else { throw UsageError("--\(name) is required") }
        return value
    }

    static func addOrganization(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: [])
        try arguments.allowOnly(["inn", "name", "email", "region"])
        let inn = try required(arguments, "inn")
        let name = try required(arguments, "name")
        let email = try required(arguments, "email")
        let processor = try open(arguments)
        let organization = try processor.db.transaction {
            try processor.environment.cabinet.addOrganization(
                inn: inn, name: name, email: email, region: arguments.value("region"))
        }
        print("organization \(organization.inn) added: \(organization.name) <\(organization.email)>")
        return 0
    }

    static func addAccount(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: ["password-stdin", "confirmed"])
        try arguments.allowOnly([
            "role", "login", "password-stdin", "org", "name", "email", "teacher", "class", "confirmed",
        ])
        guard let role = Role(rawValue: try required(arguments, "role")) else {
            throw UsageError("--role takes director, teacher, student or agent")
        }
        let login = try required(arguments, "login")
        guard arguments.has("password-stdin") else {
            throw UsageError(
                "--password-stdin is required: the password is read from standard input, never from arguments")
        }
        guard let password = readLine(strippingNewline: true), !password.isEmpty else {
            throw UsageError("no password on standard input")
        }
        let new = NewAccount(
            role: role, login: login, organizationINN: arguments.value("org"), fullName: arguments.value("name"),
            email: arguments.value("email"), teacherLogin: arguments.value("teacher"),
            className: arguments.value("class"), isConfirmed: arguments.has("confirmed"))
        let processor = try open(arguments)
        let account = try processor.db.transaction {
            try processor.environment.cabinet.addAccount(new, password: password)
        }
        // A director's account is issued active; what --confirmed decides for a director is the identity.
        let state =
            account.role == .director
            ? "identity \(new.isConfirmed ? "confirmed" : "pending (consent and data to send at login)")"
            : account.status.rawValue
        print("account \(account.login) added: \(account.role.rawValue), \(state)")
        return 0
    }

    static func importUsers(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: [])
        try arguments.allowOnly(["org"])
        let inn = try required(arguments, "org")
        guard arguments.positional.count == 1, let path = arguments.positional.first else {
            throw UsageError("import-users needs one CSV file")
        }
        guard let data = FileManager.default.contents(atPath: path), let csv = String(data: data, encoding: .utf8)
        else {
            throw UsageError("cannot read \(path) as UTF-8 text")
        }
        let processor = try open(arguments)
        let report = try processor.db.transaction {
            try processor.environment.cabinet.importUsers(organizationINN: inn, csv: csv)
        }
        if !report.problems.isEmpty {
            for problem in report.problems {
                printError("\(path):\(problem.line): \(problem.problem)")
            }
            printError("botrunner admin import-users: \(report.problems.count) rows rejected; nothing imported")
            return 2
        }
        print("imported \(report.imported.count) users into \(inn)")
        return 0
    }

    /// Reads a Maildir's new messages into tickets once (what `serve` does every few seconds).
    static func importMail(_ words: [String]) throws -> Int32 {
        let arguments = try Arguments(words, switches: [])
        try arguments.allowOnly([])
        guard arguments.positional.count == 1, let folder = arguments.positional.first else {
            throw UsageError("import-mail needs one Maildir folder")
        }
        var configuration = try arguments.configuration()
        configuration.inbox = folder
        let newFolder = URL(fileURLWithPath: folder).appendingPathComponent("new")
        func waiting() -> Int { ((try? FileManager.default.contentsOfDirectory(atPath: newFolder.path)) ?? []).count }
        guard FileManager.default.fileExists(atPath: newFolder.path) else {
            throw UsageError("\(folder) is not a Maildir (no new/ folder)")
        }
        let before = waiting()
        let processor = try SchoolBot.makeProcessor(configuration)
        var log = ""
        processor.log = { log = $0 }
        _ = processor.runMaintenance(routes: RouteTable())
        guard log.isEmpty else {
            printError("botrunner admin import-mail: \(log)")
            return 2
        }
        print("imported \(before - waiting()) messages from \(folder)")
        return 0
    }

    static func describe(_ error: CabinetError) -> String {
        switch error {
        case .invalidINN(let reason): "invalid INN (\(reason))"
        case .invalidEmail(let reason): "invalid e-mail (\(reason))"
        case .invalidName(let field, let reason): "invalid \(field.rawValue) (\(reason))"
        case .invalidField(let field): "invalid or missing --\(field.rawValue)"
        case .invalidRegion(let reason): "invalid region (\(reason))"
        case .loginTaken(let login): "the login \(login) is taken"
        case .weakPassword(let problem): "password refused (\(problem))"
        case .organizationNotFound: "no organization with that INN"
        case .organizationExists: "an organization with that INN exists"
        case .directorExists: "the organization already has a director"
        case .teacherNotFound: "no such teacher in that organization"
        case .importFile(let problem): "the CSV file: \(problem)"
        case .storage(let error): "database error: \(error)"
        default: "\(error)"
        }
    }
}

import BotCore
import Cabinet
import Foundation

extension ScriptSession {
    // MARK: - Fixtures

    /// Applies a fixture step through the Cabinet's administrator operations.
    func applyFixture(_ step: ScriptStep) throws(ScriptError) {
        let cabinet = try bot(at: step.location).environment.cabinet
        do {
            switch step.action {
            case .organization(let organization):
                try cabinet.addOrganization(
                    inn: organization.inn, name: organization.name, email: organization.email,
                    region: organization.region)
            case .account(let fixture):
                try cabinet.addAccount(fixture.account, password: fixture.password)
            case .importUsers(let inn, let csv):
                let report = try cabinet.importUsers(organizationINN: inn, csv: csv)
                guard report.isApplied else {
                    let problems = report.problems.map { "CSV line \($0.line): \(Self.words($0.problem))" }
                    throw ScriptError(.fixtureRefused(problems.joined(separator: "; ")), at: step.location)
                }
            case .demoSchool:
                _ = try DemoSchool.seed(cabinet)
            case .inboxMail(let fixture):
                try deliver(fixture, at: step.location)
            default:
                break
            }
        } catch let error as ScriptError {
            throw error
        } catch {
            throw ScriptError(.fixtureRefused(Self.words(error)), at: step.location)
        }
    }

    /// A Cabinet refusal in words: `invalidINN(checkDigit)` rather than a type path.
    static func words(_ value: Any) -> String {
        String(describing: value).replacingOccurrences(of: "Cabinet.", with: "")
            .replacingOccurrences(of: "BotCore.", with: "")
    }

    // MARK: - Mail

    /// Drops a message into the inbox Maildir's `new/` folder.
    private func deliver(_ fixture: InboxFixture, at location: ScriptLocation) throws(ScriptError) {
        inboxCount += 1
        let count = inboxCount
        let data: Data
        switch fixture.content {
        case .file(let name):
            let path = ScriptParser.resolve(name, inFolder: fixture.folder)
            guard let contents = FileManager.default.contents(atPath: path) else {
                throw ScriptError(.unreadableFile(path), at: location)
            }
            data = contents
        case .composed(let from, let to, let subject, let body, let attachments):
            let files = attachments.map { name in
                let path = ScriptParser.resolve(name, inFolder: fixture.folder)
                return MailAttachment(
                    filename: (name as NSString).lastPathComponent, contentType: Self.contentType(of: name),
                    data: FileManager.default.contents(atPath: path) ?? Data("placeholder for \(name)\n".utf8))
            }
            let mail = OutgoingMail(
                from: MailAddress.parseList(from).first ?? MailAddress(address: from),
                to: MailAddress.parseList(to).isEmpty ? [MailAddress(address: to)] : MailAddress.parseList(to),
                subject: subject, body: body, attachments: files)
            let composer = MailComposer(domain: "script.example", timeZone: clock.timeZone)
            do {
                data = try composer.render(mail, date: clock.now(), uniqueID: "inbox-\(count)").data
            } catch {
                throw ScriptError(.fixtureRefused("the message cannot be composed: \(error)"), at: location)
            }
        }
        do {
            let naming = MaildirNaming { "script-\(count).\(UUID().uuidString.prefix(8)).local" }
            try Maildir(root: inbox, naming: naming).deliver(data)
        } catch {
            throw ScriptError(.environment("cannot write to the inbox: \(error)"), at: location)
        }
    }

    static func contentType(of name: String) -> String {
        switch (name as NSString).pathExtension.lowercased() {
        case "pdf": "application/pdf"
        case "txt": "text/plain"
        case "csv": "text/csv"
        case "jpg", "jpeg": "image/jpeg"
        case "png": "image/png"
        case "doc": "application/msword"
        case "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        default: "application/octet-stream"
        }
    }

    // MARK: - Outbox

    /// Claims an outbox message that fits `expected`, or fails with what the outbox holds.
    func checkOutbox(_ expected: OutboxExpectation, step: ScriptStep) throws(ScriptError) -> [ScriptFailure] {
        let mails: [(name: String, message: MailMessage)]
        do {
            let outbox = try Maildir(root: outbox)
            mails = try outbox.newMessages().map { file in (file.name, try MailMessage.parse(try outbox.read(file))) }
        } catch {
            throw ScriptError(.environment("cannot read the outbox: \(error)"), at: step.location)
        }
        let described =
            mails.isEmpty
            ? ["the outbox is empty"] : ["the outbox holds:"] + mails.flatMap { Self.describe($0.message) }
        if expected.isEmpty {
            guard !mails.isEmpty else { return [] }
            return [
                ScriptFailure(
                    location: step.location, line: expected.source, expected: ["an empty outbox"], came: described)
            ]
        }
        let unclaimed = mails.filter { !claimedMail.contains($0.name) }
        if let found = unclaimed.first(where: { Self.fits($0.message, expected) }) {
            claimedMail.insert(found.name)
            return []
        }
        var wanted = [String]()
        if let to = expected.to { wanted.append("to \(to)") }
        if let from = expected.from { wanted.append("from \(from)") }
        if let subject = expected.subject { wanted.append("subject " + Self.words(subject)) }
        wanted += expected.body.map { "body " + Self.words($0) }
        if let attachment = expected.attachment { wanted.append("attachment \(attachment)") }
        let note =
            unclaimed.count < mails.count ? ["(\(mails.count - unclaimed.count) claimed by outbox lines above)"] : []
        return [
            ScriptFailure(
                location: step.location, line: expected.source,
                expected: ["a message " + wanted.joined(separator: ", ")], came: described + note)
        ]
    }

    static func fits(_ message: MailMessage, _ expected: OutboxExpectation) -> Bool {
        if let to = expected.to, !message.to.contains(where: { $0.address.lowercased() == to.lowercased() }) {
            return false
        }
        if let from = expected.from, message.from?.address.lowercased() != from.lowercased() { return false }
        if let subject = expected.subject, !fits(message.subject, subject) { return false }
        let body = message.textBody.replacingOccurrences(of: "\r\n", with: "\n")
        if !expected.body.allSatisfy({ fits(body, $0) }) { return false }
        if let name = expected.attachment, !message.attachments.contains(where: { $0.filename == name }) {
            return false
        }
        return true
    }

    static func fits(_ text: String, _ check: OutboxExpectation.TextCheck) -> Bool {
        switch check {
        case .exactly(let expected):
            text.trimmingCharacters(in: .whitespacesAndNewlines)
                == expected.trimmingCharacters(in: .whitespacesAndNewlines)
        case .contains(let part): text.contains(part)
        case .regex(let pattern): ScriptChecks.matches(pattern, text)
        }
    }

    static func words(_ check: OutboxExpectation.TextCheck) -> String {
        switch check {
        case .exactly(let text): "= " + ScriptLexer.quote(text)
        case .contains(let text): "contains " + ScriptLexer.quote(text)
        case .regex(let text): "regex " + ScriptLexer.quote(text)
        }
    }

    static func describe(_ message: MailMessage) -> [String] {
        let to = message.to.map(\.address).joined(separator: ", ")
        var lines = ["- to \(to), from \(message.from?.address ?? "?"), subject \(ScriptLexer.quote(message.subject))"]
        let body = message.textBody.split(separator: "\n", omittingEmptySubsequences: false).prefix(8)
        lines += body.map { "    | \($0)" }
        if !message.attachments.isEmpty {
            lines.append("    attachments: " + message.attachments.map { $0.filename ?? "?" }.joined(separator: ", "))
        }
        return lines
    }
}

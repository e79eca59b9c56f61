import BotCore
import Cabinet
import Foundation

/// Takes new messages from the inbox Maildir and turns each into a ticket: to help@ a question, to regions@
/// a credential request, to ssod@ with the subject "Приказ" a change of director (a missing attachment or INN
/// gets an automatic answer saying what is missing).
///
/// A message is taken once (by Message-ID) and moved to `cur/` after the transaction that recorded it commits. An
/// unreadable message becomes a ticket marked so.
public final class MailIntake {
    private let folder: URL
    private var taken: [MaildirMessage] = []
    /// Messages the store refused in this scan: set aside to `bad/` once the scan's transaction commits.
    private var refused: [MaildirMessage] = []
    /// Diagnostics (never the mail's content).
    public var log: (String) -> Void = { _ in }

    public init(folder: URL) {
        self.folder = folder
    }

    /// Reads the inbox's new messages into tickets; returns pushes for the agents online.
    public func scan(_ environment: SchoolEnvironment, limit: Int = 100) throws -> [Push] {
        guard FileManager.default.fileExists(atPath: folder.appendingPathComponent("new").path) else { return [] }
        let maildir = try Maildir(root: folder)
        var pushes: [Push] = []
        let db = environment.cabinet.connection
        for message in try maildir.newMessages().prefix(limit) where !taken.contains(message) {
            let data: Data
            do {
                data = try maildir.read(message)
            } catch {
                // A link (never followed), a folder, a device: nothing to take; it must not block the rest.
                log("inbox: \(message.name) is not a readable message file (\(error)); moved to bad/")
                _ = try? maildir.setAside(message)
                continue
            }
            // Each message in a savepoint of its own: one the store refuses is set aside, the rest goes on.
            let ticket: Ticket?
            environment.outbox.willBeginTurn()
            do {
                ticket = try db.transaction { try take(data, environment) }
            } catch {
                if db.transactionWasRolledBack { throw error }
                environment.outbox.didFailTurn()
                log("inbox: \(message.name) could not be recorded (\(error)); moving it to bad/")
                refused.append(message)
                continue
            }
            if let ticket {
                for chat in (try? environment.cabinet.agentChats()) ?? [] {
                    let language = environment.language(of: chat)
                    let text = Texts.catalog.text(
                        L.agentNewMail.rawValue, language,
                        [
                            "n": .number(ticket.id.rawValue),
                            "kind": .text(Texts.catalog.text(ticket.kind.label.rawValue, language)),
                            "text": .text(ticket.context.subject ?? ""),
                        ])
                    pushes.append(Push(chat: chat, messages: [OutMessage(text)]))
                }
            }
            taken.append(message)
        }
        return pushes
    }

    /// The transaction committed: move what it recorded to `cur/`.
    public func didCommit() {
        committed()?()
    }

    /// The transaction committed, maybe not yet durably: returns the moves to `cur/` (and `bad/`), to run once
    /// it is durable (nil: none); a message leaves `new/` only when its ticket cannot be undone.
    public func committed() -> (() -> Void)? {
        let (taken, refused) = (self.taken, self.refused)
        self.taken.removeAll()
        self.refused.removeAll()
        guard !taken.isEmpty || !refused.isEmpty else { return nil }
        return { [self] in
            guard let maildir = try? Maildir(root: folder) else { return }
            move(refused, to: "bad") { try maildir.setAside($0) }
            move(taken, to: "cur") { try maildir.markSeen($0) }
        }
    }

    /// Moves each message with `move`, logging (never throwing) what could not be moved.
    private func move(
        _ messages: [MaildirMessage], to folder: String, _ move: (MaildirMessage) throws -> MaildirMessage
    ) {
        for message in messages {
            do {
                _ = try move(message)
            } catch {
                log("inbox: cannot move \(message.name) to \(folder): \(error)")
            }
        }
    }

    /// The transaction rolled back: the messages stay in `new/` for the next scan.
    public func didRollBack() {
        taken.removeAll()
        refused.removeAll()
    }

    // MARK: - One message

    /// Records one message as a ticket; nil when it was taken before (same Message-ID).
    func take(_ data: Data, _ environment: SchoolEnvironment) throws -> Ticket? {
        let cabinet = environment.cabinet
        let settings = environment.settings
        guard let mail = try? MailMessage.parse(data) else {
            let text = Texts.catalog.text(L.mailUnreadable.rawValue, settings.defaultLanguage)
            return try cabinet.openTicket(actor: nil, kind: .help, context: TicketContext(subject: text), text: text)
        }
        let recipients = Set((mail.to + mail.cc).map { $0.address.lowercased() })
        let inn = Self.inn(in: mail.subject + "\n" + mail.textBody)
        let sender = mail.replyTo.first?.address ?? mail.from?.address
        let isOrder = Self.isOrderSubject(mail.subject)
        let kind: TicketKind =
            recipients.contains(settings.regionsAddress)
            ? .regions
            : recipients.contains(settings.ssodAddress) && isOrder ? .ssod : .help
        var body = mail.textBody.trimmingCharacters(in: .whitespacesAndNewlines)
        if mail.isDamaged {
            body = Texts.catalog.text(L.mailDamaged.rawValue, settings.defaultLanguage) + "\n" + body
        }
        if !mail.attachments.isEmpty {
            body +=
                "\n"
                + Texts.catalog.text(
                    L.mailAttachments.rawValue, settings.defaultLanguage,
                    [
                        "list": .text(mail.attachments.map { $0.filename ?? "?" }.joined(separator: ", "))
                    ])
        }
        if body.isEmpty { body = mail.subject.isEmpty ? "—" : mail.subject }
        var missing: [String] = []
        if kind == .ssod && mail.attachments.isEmpty {
            missing.append(Texts.catalog.text(L.mailMissingOrder.rawValue, .ru))
        }
        if kind == .ssod && inn == nil { missing.append(Texts.catalog.text(L.mailMissingINN.rawValue, .ru)) }
        // No backscatter: an automatic answer goes only to an address the platform knows (an organization's
        // official e-mail or an account's); a forged sender's mail is an agent's to answer.
        let answerable = try sender.map { try cabinet.isKnownMailAddress($0) } ?? false
        let autoReply = !missing.isEmpty && !mail.isAutoSubmitted && answerable
        if !missing.isEmpty && !autoReply {
            body += "\n" + Texts.catalog.text(L.mailNoAutoReply.rawValue, settings.defaultLanguage)
        }
        // RFC 5322 allows 998 characters a line; a longer subject is kept shortened and marked, not refused.
        let subject =
            mail.subject.count > Self.subjectLimit ? String(mail.subject.prefix(Self.subjectLimit)) + "…" : mail.subject
        let context = TicketContext(
            inn: inn, email: sender, mailMessageID: mail.messageID, subject: subject.isEmpty ? nil : subject,
            mailDigest: Self.digest(of: mail))
        let ticket: Ticket
        switch Result(catching: { () throws(CabinetError) -> Ticket in
            try cabinet.openTicket(actor: nil, kind: kind, context: context, text: String(body.prefix(4_000)))
        }) {
        case .success(let opened): ticket = opened
        case .failure(.mailAlreadyTaken): return nil
        case .failure(let error): throw error
        }
        if autoReply {
            let reply = OutgoingMail.reply(
                to: mail, from: MailAddress(address: settings.ssodAddress),
                body: Texts.catalog.text(
                    L.mailOrderIncomplete.rawValue, .ru,
                    [
                        "n": .number(ticket.id.rawValue),
                        "list": .text(missing.map { "— " + $0 }.joined(separator: "\n")),
                    ]),
                isAutoReply: true)
            try environment.outbox.send(reply)
        }
        return ticket
    }

    /// What tells two messages with one Message-ID apart.
    ///
    /// FNV-1a (64 bits) of the sender, the date, the subject and the text body. Not a security digest: it only
    /// keeps a reused Message-ID from hiding another message.
    static func digest(of mail: MailMessage) -> String {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        let date = mail.date.map { String(Int($0.timeIntervalSince1970)) } ?? ""
        for part in [mail.from?.address.lowercased() ?? "", date, mail.subject, mail.textBody] {
            for byte in part.utf8 + [0] {
                hash = (hash ^ UInt64(byte)) &* 0x0100_0000_01b3
            }
        }
        return String(hash, radix: 16)
    }

    /// The longest subject kept on a ticket.
    static let subjectLimit = 500

    /// Whether a subject is the order's ("Приказ", any case, with "Re:"/"Fwd:" or punctuation around it).
    static func isOrderSubject(_ subject: String) -> Bool {
        let letters = Matching.fold(subject).filter { $0.isLetter || $0 == " " }
        return letters.split(separator: " ").contains { InputWords.orderSubject.contains(String($0)) }
    }

    /// The first valid 10-digit organization INN in a text.
    static func inn(in text: String) -> String? {
        var digits = ""
        var candidates: [String] = []
        for character in text + " " {
            if character.isASCII && character.isNumber {
                digits.append(character)
            } else {
                if digits.count == 10 { candidates.append(digits) }
                digits = ""
            }
        }
        return candidates.first(where: INN.isValidOrganization)
    }

    /// An organization's name in a letter: the value of an "Наименование:"-style line, or a line naming a
    /// school by its usual abbreviations.
    static func organizationName(in text: String) -> String? {
        for line in text.split(whereSeparator: \.isNewline) {
            let folded = Matching.fold(String(line))
            if let label = InputWords.nameLabels.first(where: { folded.hasPrefix($0) }),
                let colon = line.firstIndex(of: ":")
            {
                _ = label
                let value = line[line.index(after: colon)...].trimmingCharacters(in: .whitespaces)
                if value.count >= 5 { return String(value.prefix(300)) }
            }
        }
        for line in text.split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            let words = Matching.fold(trimmed).split(separator: " ").map(String.init)
            if words.contains(where: InputWords.schoolAbbreviations.contains), trimmed.count <= 300 {
                return trimmed
            }
        }
        return nil
    }
}

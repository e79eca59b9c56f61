import Foundation
import Testing

@testable import Cabinet

/// Names deliveries "1", "2" and so on, so they are predictable.
private func countingNames() -> MaildirNaming {
    let counter = MailTestCounter()
    return MaildirNaming { "\(counter.next())" }
}

@Suite("Maildir")
struct MaildirTests {
    @Test func openingCreatesTheFoldersWithPrivateMode() throws {
        let base = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: base) }
        let root = base.appendingPathComponent("deep/inbox")
        _ = try Maildir(root: root, naming: countingNames())
        for folder in ["tmp", "new", "cur"] {
            var isDirectory: ObjCBool = false
            let path = root.appendingPathComponent(folder).path
            #expect(FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue)
            let mode = try FileManager.default.attributesOfItem(atPath: path)[.posixPermissions] as? Int
            #expect(mode == 0o700)
        }
        _ = try Maildir(root: root, naming: countingNames())  // opening again is fine
    }

    @Test func deliveryLandsInNewAndLeavesTmpEmpty() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = try Maildir(root: root, naming: countingNames())
        let data = Data("Subject: test\r\n\r\nbody\r\n".utf8)
        let message = try maildir.deliver(data)
        #expect(message.name == "1")
        #expect(message.url == root.appendingPathComponent("new/1"))
        #expect(try Data(contentsOf: message.url) == data)
        #expect(try maildir.read(message) == data)
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
        let mode = try FileManager.default.attributesOfItem(atPath: message.url.path)[.posixPermissions] as? Int
        #expect(mode == 0o600)
    }

    @Test func newMessagesAreSortedByNameAndSkipDotFiles() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let names = ["1700000003.M1P1Q3.host", "1700000001.M1P1Q1.host", "1700000002.M1P1Q2.host"]
        let queue = MailTestCounter()
        let maildir = try Maildir(root: root, naming: MaildirNaming { names[queue.next() - 1] })
        for name in names {
            try maildir.deliver(Data(name.utf8))
        }
        try Data().write(to: root.appendingPathComponent("new/.hidden"))
        let listed = try maildir.newMessages()
        #expect(listed.map(\.name) == names.sorted())
        #expect(try listed.map { String(decoding: try maildir.read($0), as: UTF8.self) } == names.sorted())
        #expect(try maildir.messages(in: .cur).isEmpty)
    }

    @Test func markingSeenMovesToCurWithInfoSuffix() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = try Maildir(root: root, naming: countingNames())
        let first = try maildir.deliver(Data("one".utf8))
        try maildir.deliver(Data("two".utf8))
        let seen = try maildir.markSeen(first)
        #expect(seen.name == "1:2,S")
        #expect(seen.url == root.appendingPathComponent("cur/1:2,S"))
        #expect(try maildir.read(seen) == Data("one".utf8))
        #expect(try maildir.newMessages().map(\.name) == ["2"])
        #expect(try maildir.messages(in: .cur) == [seen])

        let error = #expect(throws: MaildirError.self) { try maildir.markSeen(first) }
        #expect(error == MaildirError(.move, path: first.url.path, code: ENOENT))
    }

    @Test func existingNameIsNeverOverwritten() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = try Maildir(root: root, naming: MaildirNaming { "same" })
        try maildir.deliver(Data("first".utf8))
        let error = #expect(throws: MaildirError.self) { try maildir.deliver(Data("second".utf8)) }
        #expect(error == MaildirError(.deliver, path: root.appendingPathComponent("new/same").path, code: EEXIST))
        #expect(try Data(contentsOf: root.appendingPathComponent("new/same")) == Data("first".utf8))
        #expect(try FileManager.default.contentsOfDirectory(atPath: root.appendingPathComponent("tmp").path).isEmpty)
    }

    @Test(arguments: ["", ".hidden", "a/b", "x:2,S", "nul\0byte"])
    func unsafeGeneratedNamesAreRejected(name: String) throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let maildir = try Maildir(root: root, naming: MaildirNaming { name })
        #expect(throws: MaildirError(.makeName, path: name, code: EINVAL)) { try maildir.deliver(Data("x".utf8)) }
    }

    @Test func failuresCarryThePath() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let file = root.appendingPathComponent("plain-file")
        try Data("x".utf8).write(to: file)
        #expect(throws: MaildirError(.createDirectory, path: file.path, code: ENOTDIR)) {
            try Maildir(root: file, naming: countingNames())
        }
        let maildir = try Maildir(root: root.appendingPathComponent("box"), naming: countingNames())
        let missing = MaildirMessage(name: "nope", url: root.appendingPathComponent("box/new/nope"))
        let error = #expect(throws: MaildirError.self) { try maildir.read(missing) }
        #expect(error == MaildirError(.read, path: missing.url.path, code: ENOENT))
        #expect(error?.description.contains("box/new/nope") == true)
        try FileManager.default.removeItem(at: root.appendingPathComponent("box/new"))
        #expect(throws: MaildirError(.list, path: root.appendingPathComponent("box/new").path, code: ENOENT)) {
            try maildir.newMessages()
        }
    }

    @Test func liveNamesFollowTheMaildirConvention() throws {
        let naming = MaildirNaming.live(hostName: "mail/host:1")
        let names = (0..<50).map { _ in naming.makeUniqueName() }
        #expect(Set(names).count == names.count)
        for name in names {
            let parts = name.split(separator: ".", maxSplits: 2)
            #expect(parts.count == 3)
            #expect(Int(parts[0]) != nil)
            #expect(parts[1].hasPrefix("M") && parts[1].contains("P") && parts[1].contains("Q"))
            #expect(parts[2] == "mail\\057host\\0721")
        }
    }

    @Test func composedMailRoundTripsThroughAnOutbox() throws {
        let root = try makeMailTestDirectory()
        defer { try? FileManager.default.removeItem(at: root) }
        let outbox = try Maildir(root: root)
        let composer = MailComposer(domain: "educont.ru", timeZone: TimeZone(identifier: "Europe/Moscow")!)
        let mail = OutgoingMail(
            from: MailAddress(name: "Поддержка", address: "help@educont.ru"),
            to: [MailAddress(address: "ssod@innopolis.ru")], subject: "Приказ", body: "ИНН 7707083893")
        let composed = try composer.compose(mail)
        try outbox.deliver(composed.data)
        let waiting = try outbox.newMessages()
        #expect(waiting.count == 1)
        let parsed = try MailMessage.parse(try outbox.read(waiting[0]))
        #expect(parsed.subject == "Приказ")
        #expect(parsed.messageID == composed.messageID)
        #expect(parsed.textBody == "ИНН 7707083893")
    }

    @Test func theWriterOfALiveNameIsKnownOnItsHostOnly() {
        let name = MaildirNaming.live(hostName: "mx.example").makeUniqueName()
        #expect(
            MaildirNaming.processID(inLiveName: name, hostName: "mx.example")
                == ProcessInfo.processInfo.processIdentifier)
        #expect(MaildirNaming.processID(inLiveName: name, hostName: "other.example") == nil)
        #expect(MaildirNaming.processID(inLiveName: "1.old", hostName: "mx.example") == nil)
        #expect(MaildirNaming.processID(inLiveName: "1.M2PxQ3.mx.example", hostName: "mx.example") == nil)
    }
}

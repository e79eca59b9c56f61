import Foundation
import Testing

@testable import Cabinet

/// Access to the .eml fixtures written by scripts/make-mail-fixtures.py.
enum MailFixtures {
    static let directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("Fixtures/mail")

    static func data(_ name: String) throws -> Data {
        try Data(contentsOf: directory.appendingPathComponent(name))
    }

    static func message(_ name: String) throws -> MailMessage {
        try MailMessage.parse(data(name))
    }

    /// The fake PDF the fixture script attaches.
    static let pdfBytes = Data(
        Array("%PDF-1.4\n%".utf8) + [0xE2, 0xE3, 0xCF, 0xD3]
            + Array("\n1 0 obj <</Type /Catalog>> endobj\ntrailer <</Root 1 0 R>>\n%%EOF\n".utf8))

    /// The 512 bytes the truncated fixture attaches: 0...255 twice.
    static let binaryBytes = Data((0..<512).map { UInt8($0 % 256) })
}

/// Parses a message written inline with LF line ends.
func parseMail(_ text: String) throws -> MailMessage {
    try MailMessage.parse(Data(text.utf8))
}

/// A UTC instant.
func mailUTCDate(_ year: Int, _ month: Int, _ day: Int, _ hour: Int, _ minute: Int, _ second: Int) -> Date {
    var calendar = Calendar(identifier: .gregorian)
    calendar.timeZone = TimeZone(identifier: "UTC")!
    return calendar.date(
        from: DateComponents(year: year, month: month, day: day, hour: hour, minute: minute, second: second))!
}

/// A fresh empty directory under the system temporary directory.
func makeMailTestDirectory() throws -> URL {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("cabinet-mail-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    return url
}

/// A thread-safe counter for deterministic generators in tests.
final class MailTestCounter: @unchecked Sendable {
    // `@unchecked Sendable`: `value` is only touched while `lock` is held.
    private let lock = NSLock()
    private var value = 0

    func next() -> Int {
        lock.lock()
        defer { lock.unlock() }
        value += 1
        return value
    }
}

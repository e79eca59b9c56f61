import BotCore
import Foundation
import Testing

@testable import Dialogs

/// The credentials dialog's state writes what `Codable` writes for it, and reads back the same.
@Suite struct CredentialsStateJSONTests {
    @Test(arguments: [
        CredentialsDialog.State(phase: .form(FormState())),
        CredentialsDialog.State(
            phase: .form(FormState(values: ["name": "МБОУ \"СОШ\" №1", "inn": "7707083893"], position: .asking(2)))),
        CredentialsDialog.State(phase: .letter(requestID: 42, email: "school1@example.ru")),
        CredentialsDialog.State(phase: .askSentDate(requestID: 7, email: "a/b@example.ru")),
    ])
    func stateWritesWhatCodableWrites(_ state: CredentialsDialog.State) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let codable = String(decoding: try encoder.encode(state), as: UTF8.self)
        #expect(try StateJSON.encode(state) == codable)
        #expect(try StateJSON.decode(CredentialsDialog.State.self, from: StateJSON.encode(state)) == state)
    }
}

import BotCore
import Foundation
import Testing

@testable import Dialogs

/// The menu's state writes what `Codable` writes for it, and reads back the same.
@Suite struct MenuStateJSONTests {
    @Test(arguments: [
        MenuDialog.State(),
        MenuDialog.State(options: [.credentials], unknown: true),
        MenuDialog.State(options: MenuOption.allCases, unknown: false),
    ])
    func stateWritesWhatCodableWrites(_ state: MenuDialog.State) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let codable = String(decoding: try encoder.encode(state), as: UTF8.self)
        #expect(try StateJSON.encode(state) == codable)
        #expect(try StateJSON.decode(MenuDialog.State.self, from: StateJSON.encode(state)) == state)
    }
}

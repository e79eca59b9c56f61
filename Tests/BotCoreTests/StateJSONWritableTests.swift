import BotCore
import Foundation
import Testing

/// Values that write their own JSON write what `Codable` writes for them.
@Suite struct StateJSONWritableTests {
    private func codable<T: Encodable>(_ value: T) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(value), as: UTF8.self)
    }

    @Test(arguments: [
        FormState(),
        FormState(values: ["name": "МБОУ СОШ №1", "inn": "7707083893"], position: .asking(2)),
        FormState(values: ["b": "\"quoted\" \\ back/slash\nline\ttab", "a": "", "é": "ё"], position: .summary),
        FormState(values: ["phone": ""], position: .editing(5)),
    ])
    func formStateWritesWhatCodableWrites(_ state: FormState) throws {
        #expect(try StateJSON.encode(state) == codable(state))
        #expect(try StateJSON.decode(FormState.self, from: StateJSON.encode(state)) == state)
    }

    private struct Wrapper: Codable, Equatable {
        var form: FormState
        var forms: [FormState]
    }

    @Test func aNestedFormStateWritesWhatCodableWrites() throws {
        let wrapper = Wrapper(
            form: FormState(values: ["x": "1"], position: .asking(1)), forms: [FormState(), FormState(position: .summary)])
        #expect(try StateJSON.encode(wrapper) == codable(wrapper))
        #expect(try StateJSON.decode(Wrapper.self, from: StateJSON.encode(wrapper)) == wrapper)
    }
}

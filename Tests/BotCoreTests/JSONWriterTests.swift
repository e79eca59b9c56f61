import Foundation
import Testing

@testable import BotCore

/// The compact writer behind the wire lines and the stored turns: numbers, literals and keys as JSON reads them.
@Suite struct JSONWriterTests {
    @Test func numbersKeysAndLiteralsReadBackTheSame() throws {
        let numbers = [0, 7, 10, 99, 1_234_567_890, Int.max, -1, -42, Int.min]
        var writer = JSONWriter()
        writer.beginObject()
        writer.key("numbers")
        writer.beginArray()
        for number in numbers { writer.int(number) }
        writer.endArray()
        writer.key("yes")
        writer.bool(true)
        writer.key("no")
        writer.bool(false)
        writer.key(text: "a \"made\" key\n")
        writer.raw("null")
        writer.member("text", "«ok»")
        writer.endObject()
        #expect(
            writer.text == #"{"numbers":[0,7,10,99,1234567890,9223372036854775807,-1,-42,-9223372036854775808],"#
                + #""yes":true,"no":false,"a \"made\" key\n":null,"text":"«ok»"}"#)
        let object = try #require(try JSONSerialization.jsonObject(with: Data(writer.bytes)) as? [String: Any])
        #expect((object["numbers"] as? [Int]) == numbers)
        #expect(object["a \"made\" key\n"] is NSNull)
    }
}

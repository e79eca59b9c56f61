import BotCore
import Testing

@Suite struct LineFramerTests {
    @Test func oneByteAtATime() {
        var framer = LineFramer(maximumLineLength: 16)
        var events: [LineFramer.Event] = []
        for byte in Array("ab\r\ncd\n\nef".utf8) {
            events += framer.append([byte])
        }
        events += framer.finish()
        #expect(events == [.line(Array("ab".utf8)), .line(Array("cd".utf8)), .line([]), .line(Array("ef".utf8))])
    }

    @Test func aLineOverTheLimitIsReportedOnceAndSkipped() {
        var framer = LineFramer(maximumLineLength: 4)
        var events = framer.append(Array("12345".utf8))
        events += framer.append(Array("6789\nok\n".utf8))
        #expect(events == [.tooLong, .line(Array("ok".utf8))])
        #expect(framer.pendingByteCount == 0)
    }

    @Test func theLimitItselfIsAccepted() {
        var framer = LineFramer(maximumLineLength: 4)
        #expect(framer.append(Array("1234\r\n12345\n".utf8)) == [.line(Array("1234".utf8)), .tooLong])
    }
}

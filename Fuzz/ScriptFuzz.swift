import Dialogs
import Foundation

/// libFuzzer entry point for the dialogue-script parsers: the `.dialog` format (with `include` reading the
/// same input again, so include cycles are exercised) and Botium `.convo.txt` files.
///
/// Built by `scripts/fuzz.sh`; the seed corpus is `Fuzz/corpus/script/`.
@_cdecl("LLVMFuzzerTestOneInput")
public func scriptFuzzOneInput(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
    let bytes = Data(UnsafeBufferPointer(start: data, count: size))
    ScriptFuzzChecks.run(bytes)
    return 0
}

enum ScriptFuzzChecks {
    static func run(_ bytes: Data) {
        let text = String(decoding: bytes, as: UTF8.self)
        let reader: ScriptParser.FileReader = { _ in bytes }
        check { () throws(ScriptError) in try ScriptParser.parse(text, path: "/fuzz/script.dialog", readFile: reader) }
        check { () throws(ScriptError) in try ScriptParser.parse(file: "/fuzz/file.dialog", readFile: reader) }
        check { () throws(ScriptError) in
            try BotiumReader.parse(text, path: "/fuzz/script.convo.txt", readFile: reader)
        }
        _ = BotiumReader.parseUtterances(text)
    }

    /// A script parses or fails with an error that names a problem; both are fine, a crash is not.
    static func check(_ parse: () throws(ScriptError) -> DialogueScript) {
        do {
            let script = try parse()
            _ = script.steps.count
        } catch {
            if error.description.isEmpty { fatalError("script fuzz: an error without a description") }
        }
    }
}

import Foundation

/// The engine's own JSON coder for what it stores on every turn: sessions, dialog states, turns and pushes.
///
/// `Codable` through a small tree, several times faster than `JSONEncoder`/`JSONDecoder` on these small values
/// (which took about 40% of a turn's instructions under callgrind). The JSON is the same kind `JSONEncoder` with
/// `.sortedKeys` writes, so either coder reads what the other wrote: `Data` as base64, `URL` as its string,
/// `Decimal` as a number, `Date` as its own `Codable` form (seconds since 2001), keys sorted, no whitespace.
public enum StateJSON {
    /// Encodes `value` as compact JSON text with sorted keys.
    public static func encode<T: Encodable>(_ value: T) throws -> String {
        String(decoding: try encodeBytes(value), as: UTF8.self)
    }

    /// Encodes `value` as compact JSON bytes with sorted keys.
    public static func encodeBytes<T: Encodable>(_ value: T) throws -> [UInt8] {
        var output: [UInt8] = []
        output.reserveCapacity(256)
        // A value that writes itself writes straight into the output, as `node` would have it written.
        if let writable = value as? any JSONWritable {
            writable.writeJSON(into: &output)
            return output
        }
        let node = try TreeEncoder.node(for: value, path: .root)
        node.write(into: &output)
        return output
    }

    /// Decodes a `T` from JSON text.
    public static func decode<T: Decodable>(_ type: T.Type, from text: String) throws -> T {
        try decode(type, from: Array(text.utf8))
    }

    /// Decodes a `T` from JSON bytes.
    public static func decode<T: Decodable>(_ type: T.Type, from bytes: [UInt8]) throws -> T {
        let value: JSONValue
        do {
            value = try JSONParser.parse(bytes, maximumDepth: 512)
        } catch {
            throw DecodingError.dataCorrupted(
                DecodingError.Context(
                    codingPath: [], debugDescription: "not JSON: expected \(error.expected) at column \(error.column)"))
        }
        return try TreeDecoder(value, path: .root).decodeValue(type)
    }
}

// MARK: - The tree written

/// A JSON value being built; objects and arrays are boxes so that nested containers can fill them later.
enum JSONNode {
    case null
    case bool(Bool)
    case number(String)
    case string(String)
    case array(ArrayBox)
    case object(ObjectBox)
    /// JSON a `JSONWritable` value wrote itself.
    case raw([UInt8])

    final class ArrayBox {
        var items: [JSONNode] = []
    }

    final class ObjectBox {
        var members = Members()
    }

    /// An object's members in the order they were set, a key set again replacing its value: a state has a few
    /// members, for which a list is cheaper than a dictionary (the keys are sorted when written).
    struct Members {
        private(set) var pairs: [(key: String, node: JSONNode)] = []

        var count: Int { pairs.count }

        subscript(key: String) -> JSONNode? {
            get { pairs.first { $0.key == key }?.node }
            set {
                if let index = pairs.firstIndex(where: { $0.key == key }) {
                    if let newValue { pairs[index].node = newValue } else { pairs.remove(at: index) }
                } else if let newValue {
                    pairs.append((key, newValue))
                }
            }
        }
    }

    func write(into output: inout [UInt8]) {
        switch self {
        case .null: output.append(contentsOf: "null".utf8)
        case .bool(let value): output.append(contentsOf: value ? Array("true".utf8) : Array("false".utf8))
        case .number(let text): output.append(contentsOf: text.utf8)
        case .string(let text): Self.writeString(text, into: &output)
        case .raw(let bytes): output.append(contentsOf: bytes)
        case .array(let box):
            output.append(UInt8(ascii: "["))
            for (index, item) in box.items.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                item.write(into: &output)
            }
            output.append(UInt8(ascii: "]"))
        case .object(let box):
            output.append(UInt8(ascii: "{"))
            let pairs = box.members.count > 1 ? box.members.pairs.sorted { $0.key < $1.key } : box.members.pairs
            for (index, pair) in pairs.enumerated() {
                if index > 0 { output.append(UInt8(ascii: ",")) }
                Self.writeString(pair.key, into: &output)
                output.append(UInt8(ascii: ":"))
                pair.node.write(into: &output)
            }
            output.append(UInt8(ascii: "}"))
        }
    }

    /// A JSON string: `"` and `\` escaped, control characters as `\n`, `\t`...
    ///
    /// or `\u00XX`; the rest as is.
    static func writeString(_ text: String, into output: inout [UInt8]) {
        JSONEscaping.appendQuoted(text, to: &output)
    }
}

// MARK: - Encoding

/// An `Encoder` that builds a `JSONNode`.
final class TreeEncoder: Encoder {
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    /// What was encoded; nil until something is.
    var node: JSONNode?

    init(path: CodingPath) {
        self.path = path
    }

    /// The node for `value`, with the special forms `JSONEncoder` uses for `Data`, `URL` and `Decimal`.
    static func node<T: Encodable>(for value: T, path: CodingPath) throws -> JSONNode {
        if T.self == String.self { return .string(unsafeBitCast(value, to: String.self)) }
        if T.self == Int.self { return .number(String(unsafeBitCast(value, to: Int.self))) }
        if T.self == Bool.self { return .bool(unsafeBitCast(value, to: Bool.self)) }
        if T.self == Data.self { return .string((value as! Data).base64EncodedString()) }
        if T.self == URL.self { return .string((value as! URL).absoluteString) }
        if T.self == Decimal.self { return .number((value as! Decimal).description) }
        if let writable = value as? any JSONWritable {
            var bytes: [UInt8] = []
            writable.writeJSON(into: &bytes)
            return .raw(bytes)
        }
        let encoder = TreeEncoder(path: path)
        try value.encode(to: encoder)
        return encoder.node ?? .object(JSONNode.ObjectBox())
    }

    static func number<T: BinaryFloatingPoint & LosslessStringConvertible>(
        _ value: T, path: CodingPath
    ) throws -> JSONNode {
        guard value.isFinite else {
            throw EncodingError.invalidValue(
                value,
                EncodingError.Context(
                    codingPath: path.keys, debugDescription: "\(value) is not a valid JSON number"))
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        return .number(text)
    }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        let box: JSONNode.ObjectBox
        if case .object(let existing) = node {
            box = existing
        } else {
            box = JSONNode.ObjectBox()
            node = .object(box)
        }
        return KeyedEncodingContainer(TreeKeyedEncoding<Key>(box: box, path: path))
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer {
        let box: JSONNode.ArrayBox
        if case .array(let existing) = node {
            box = existing
        } else {
            box = JSONNode.ArrayBox()
            node = .array(box)
        }
        return TreeUnkeyedEncoding(box: box, path: path)
    }

    func singleValueContainer() -> any SingleValueEncodingContainer {
        TreeSingleValueEncoding(encoder: self)
    }
}

/// A key made of a string or an index, for coding paths and `super`.
struct TreeKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = "Index \(intValue)"
        self.intValue = intValue
    }

    static let superKey = TreeKey(stringValue: "super")
}

struct TreeKeyedEncoding<Key: CodingKey>: KeyedEncodingContainerProtocol {
    let box: JSONNode.ObjectBox
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }

    func encodeNil(forKey key: Key) { box.members[key.stringValue] = .null }
    func encode(_ value: Bool, forKey key: Key) { box.members[key.stringValue] = .bool(value) }
    func encode(_ value: String, forKey key: Key) { box.members[key.stringValue] = .string(value) }
    func encode(_ value: Int, forKey key: Key) { box.members[key.stringValue] = .number(String(value)) }
    func encode(_ value: Int64, forKey key: Key) { box.members[key.stringValue] = .number(String(value)) }
    func encode(_ value: UInt64, forKey key: Key) { box.members[key.stringValue] = .number(String(value)) }

    func encode(_ value: Double, forKey key: Key) throws {
        box.members[key.stringValue] = try TreeEncoder.number(value, path: path.appending(key))
    }

    func encode(_ value: Float, forKey key: Key) throws {
        box.members[key.stringValue] = try TreeEncoder.number(value, path: path.appending(key))
    }

    func encode<T: Encodable>(_ value: T, forKey key: Key) throws {
        box.members[key.stringValue] = try TreeEncoder.node(for: value, path: path.appending(key))
    }

    func nestedContainer<NestedKey: CodingKey>(
        keyedBy keyType: NestedKey.Type, forKey key: Key
    ) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONNode.ObjectBox()
        box.members[key.stringValue] = .object(nested)
        return KeyedEncodingContainer(TreeKeyedEncoding<NestedKey>(box: nested, path: path.appending(key)))
    }

    func nestedUnkeyedContainer(forKey key: Key) -> any UnkeyedEncodingContainer {
        let nested = JSONNode.ArrayBox()
        box.members[key.stringValue] = .array(nested)
        return TreeUnkeyedEncoding(box: nested, path: path.appending(key))
    }

    func superEncoder() -> any Encoder {
        ReferencingEncoder(path: path.appending(TreeKey.superKey)) { [box] node in
            box.members[TreeKey.superKey.stringValue] = node
        }
    }

    func superEncoder(forKey key: Key) -> any Encoder {
        ReferencingEncoder(path: path.appending(key)) { [box] node in box.members[key.stringValue] = node }
    }
}

struct TreeUnkeyedEncoding: UnkeyedEncodingContainer {
    let box: JSONNode.ArrayBox
    let path: CodingPath
    var codingPath: [any CodingKey] { path.keys }
    var count: Int { box.items.count }

    private var nextKey: TreeKey { TreeKey(intValue: box.items.count) }

    func encodeNil() { box.items.append(.null) }
    func encode(_ value: Bool) { box.items.append(.bool(value)) }
    func encode(_ value: String) { box.items.append(.string(value)) }
    func encode(_ value: Int) { box.items.append(.number(String(value))) }
    func encode(_ value: Double) throws { box.items.append(try TreeEncoder.number(value, path: path)) }
    func encode(_ value: Float) throws { box.items.append(try TreeEncoder.number(value, path: path)) }

    func encode<T: Encodable>(_ value: T) throws {
        box.items.append(try TreeEncoder.node(for: value, path: path.appending(nextKey)))
    }

    func nestedContainer<NestedKey: CodingKey>(keyedBy keyType: NestedKey.Type) -> KeyedEncodingContainer<NestedKey> {
        let nested = JSONNode.ObjectBox()
        let nestedPath = path.appending(nextKey)
        box.items.append(.object(nested))
        return KeyedEncodingContainer(TreeKeyedEncoding<NestedKey>(box: nested, path: nestedPath))
    }

    func nestedUnkeyedContainer() -> any UnkeyedEncodingContainer {
        let nested = JSONNode.ArrayBox()
        let nestedPath = path.appending(nextKey)
        box.items.append(.array(nested))
        return TreeUnkeyedEncoding(box: nested, path: nestedPath)
    }

    func superEncoder() -> any Encoder {
        let index = box.items.count
        box.items.append(.null)
        return ReferencingEncoder(path: path.appending(TreeKey(intValue: index))) { [box] node in
            box.items[index] = node
        }
    }
}

struct TreeSingleValueEncoding: SingleValueEncodingContainer {
    let encoder: TreeEncoder
    var codingPath: [any CodingKey] { encoder.codingPath }
    private var path: CodingPath { encoder.path }

    func encodeNil() { encoder.node = .null }
    func encode(_ value: Bool) { encoder.node = .bool(value) }
    func encode(_ value: String) { encoder.node = .string(value) }
    func encode(_ value: Int) { encoder.node = .number(String(value)) }
    func encode(_ value: Int8) { encoder.node = .number(String(value)) }
    func encode(_ value: Int16) { encoder.node = .number(String(value)) }
    func encode(_ value: Int32) { encoder.node = .number(String(value)) }
    func encode(_ value: Int64) { encoder.node = .number(String(value)) }
    func encode(_ value: UInt) { encoder.node = .number(String(value)) }
    func encode(_ value: UInt8) { encoder.node = .number(String(value)) }
    func encode(_ value: UInt16) { encoder.node = .number(String(value)) }
    func encode(_ value: UInt32) { encoder.node = .number(String(value)) }
    func encode(_ value: UInt64) { encoder.node = .number(String(value)) }
    func encode(_ value: Double) throws { encoder.node = try TreeEncoder.number(value, path: path) }
    func encode(_ value: Float) throws { encoder.node = try TreeEncoder.number(value, path: path) }

    func encode<T: Encodable>(_ value: T) throws {
        encoder.node = try TreeEncoder.node(for: value, path: path)
    }
}

/// The encoder `superEncoder()` hands out: what it encodes is stored in its parent when it is released.
final class ReferencingEncoder: Encoder {
    var codingPath: [any CodingKey] { inner.codingPath }
    var userInfo: [CodingUserInfoKey: Any] { [:] }
    private let inner: TreeEncoder
    private let store: (JSONNode) -> Void

    init(path: CodingPath, store: @escaping (JSONNode) -> Void) {
        self.inner = TreeEncoder(path: path)
        self.store = store
    }

    deinit { store(inner.node ?? .object(JSONNode.ObjectBox())) }

    func container<Key: CodingKey>(keyedBy type: Key.Type) -> KeyedEncodingContainer<Key> {
        inner.container(keyedBy: type)
    }

    func unkeyedContainer() -> any UnkeyedEncodingContainer { inner.unkeyedContainer() }
    func singleValueContainer() -> any SingleValueEncodingContainer { inner.singleValueContainer() }
}

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// A failed Maildir operation: what was attempted, on which path, and the system's error code.
public struct MaildirError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The step that failed.
    public enum Operation: String, Equatable, Sendable {
        case createDirectory = "create directory"
        case makeName = "use generated name"
        case write
        case sync
        case deliver
        case list
        case read
        case move
    }

    /// The step that failed.
    public var operation: Operation
    /// The file or directory involved (for `move` and `deliver`, the destination).
    public var path: String
    /// The `errno` value, for example `EEXIST` when a delivered name already exists in `new/`.
    public var code: Int32

    /// Creates an error.
    public init(_ operation: Operation, path: String, code: Int32) {
        self.operation = operation
        self.path = path
        self.code = code
    }

    public var description: String {
        "cannot \(operation.rawValue) \(path): \(String(cString: strerror(code))) (errno \(code))"
    }
}

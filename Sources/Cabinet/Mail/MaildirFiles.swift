import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Musl)
    import Musl
#elseif canImport(Darwin)
    import Darwin
#endif

/// The few POSIX file calls Maildir delivery needs, with `EINTR` retried and `errno` kept.
enum MaildirFiles {
    /// Creates `path` and missing parents with mode 0700; an existing directory is fine.
    static func makeDirectories(_ path: String) throws(MaildirError) {
        if mkdir(path, 0o700) == 0 { return }
        var code = errno
        if code == ENOENT {
            let parent = (path as NSString).deletingLastPathComponent
            if !parent.isEmpty, parent != path {
                try makeDirectories(parent)
                if mkdir(path, 0o700) == 0 { return }
                code = errno
            }
        }
        if code == EEXIST {
            var info = stat()
            guard stat(path, &info) == 0 else { throw MaildirError(.createDirectory, path: path, code: errno) }
            guard info.st_mode & S_IFMT == S_IFDIR else {
                throw MaildirError(.createDirectory, path: path, code: ENOTDIR)
            }
            return
        }
        throw MaildirError(.createDirectory, path: path, code: code)
    }

    /// Writes `data` to a new file at `path` (mode 0600, failing if it exists) and syncs it to disk.
    ///
    /// On failure the partial file is removed.
    static func writeSynced(_ data: Data, to path: String) throws(MaildirError) {
        let descriptor = try retrying(.write, path) { open(path, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o600) }
        var failure: MaildirError?
        data.withUnsafeBytes { (buffer: UnsafeRawBufferPointer) in
            var offset = 0
            while offset < buffer.count {
                let written = write(descriptor, buffer.baseAddress! + offset, buffer.count - offset)
                if written < 0 {
                    if errno == EINTR { continue }
                    failure = MaildirError(.write, path: path, code: errno)
                    return
                }
                offset += written
            }
        }
        if failure == nil, fsync(descriptor) != 0 {
            failure = MaildirError(.sync, path: path, code: errno)
        }
        if close(descriptor) != 0, failure == nil {
            failure = MaildirError(.write, path: path, code: errno)
        }
        if let failure {
            unlink(path)
            throw failure
        }
    }

    /// Syncs a directory so a rename into it survives a crash; failures are ignored (best effort).
    static func syncDirectory(_ path: String) {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else { return }
        _ = fsync(descriptor)
        close(descriptor)
    }

    /// The entry names of a directory, without `.` and `..`.
    static func listDirectory(_ path: String) throws(MaildirError) -> [String] {
        guard let directory = opendir(path) else { throw MaildirError(.list, path: path, code: errno) }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafePointer(to: &entry.pointee.d_name) { pointer in
                pointer.withMemoryRebound(to: CChar.self, capacity: MemoryLayout.size(ofValue: pointer.pointee)) {
                    String(cString: $0)
                }
            }
            if name != ".", name != ".." {
                names.append(name)
            }
        }
        return names
    }

    /// The whole content of the regular file at `path`.
    ///
    /// A symbolic link (not followed), a folder or a device is refused.
    static func readAll(_ path: String) throws(MaildirError) -> Data {
        let descriptor = try retrying(.read, path) { open(path, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK) }
        defer { close(descriptor) }
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { throw MaildirError(.read, path: path, code: errno) }
        guard info.st_mode & S_IFMT == S_IFREG else { throw MaildirError(.read, path: path, code: EINVAL) }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
            if count < 0 {
                if errno == EINTR { continue }
                throw MaildirError(.read, path: path, code: errno)
            }
            if count == 0 { return data }
            data.append(contentsOf: buffer[0..<count])
        }
    }

    /// Runs a call that returns a descriptor, retrying on `EINTR`.
    private static func retrying(
        _ operation: MaildirError.Operation, _ path: String, _ call: () -> Int32
    ) throws(MaildirError) -> Int32 {
        while true {
            let result = call()
            if result >= 0 { return result }
            let code = errno
            if code != EINTR { throw MaildirError(operation, path: path, code: code) }
        }
    }
}

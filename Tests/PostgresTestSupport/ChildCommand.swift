import Foundation

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Runs a program to its end with `posix_spawn` and `waitpid`.
///
/// Not with `Foundation.Process`: on Linux, `Process` learns that its child exited when a socket it passes to the
/// child closes, and `pg_ctl start` hands that socket on to the postmaster, which keeps it open, so `waitUntilExit`
/// would hang for as long as the server runs (swift-corelibs-foundation issue 4795). The child here gets stdin
/// (`/dev/null`), stdout and stderr (unlinked temporary files, which a daemon cannot hold open against us) and no
/// other file descriptor of the test process.
enum ChildCommand {
    struct Outcome {
        /// The exit status, or nil when a signal killed the program.
        var status: Int32?
        var signal: Int32
        var stdout: String
        var stderr: String
    }

    static func run(_ executable: String, _ arguments: [String], in directory: String) throws -> Outcome {
        let stdoutFD = try anonymousFile(), stderrFD = try anonymousFile()
        defer {
            close(stdoutFD)
            close(stderrFD)
        }
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_adddup2(&actions, stdoutFD, 1)
        posix_spawn_file_actions_adddup2(&actions, stderrFD, 2)
        if let addChdir = spawnExtension("posix_spawn_file_actions_addchdir_np", as: AddPath.self) {
            _ = directory.withCString { addChdir(&actions, $0) }
        }
        if let addClosefrom = spawnExtension("posix_spawn_file_actions_addclosefrom_np", as: AddFD.self) {
            _ = addClosefrom(&actions, 3)
        } else {
            for fd in openDescriptors() where fd > 2 { posix_spawn_file_actions_addclose(&actions, fd) }
        }

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var noSignals = sigset_t(), pipeSignal = sigset_t()
        sigemptyset(&noSignals)
        sigemptyset(&pipeSignal)
        sigaddset(&pipeSignal, SIGPIPE)
        posix_spawnattr_setsigmask(&attributes, &noSignals)
        posix_spawnattr_setsigdefault(&attributes, &pipeSignal)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))

        let environment = ProcessInfo.processInfo.environment.map { "\($0.key)=\($0.value)" }
        let argv = ([executable] + arguments).map { strdup($0) } + [nil]
        let envp = environment.map { strdup($0) } + [nil]
        defer { (argv + envp).forEach { free($0) } }
        var pid = pid_t()
        let spawned = posix_spawn(&pid, executable, &actions, &attributes, argv, envp)
        guard spawned == 0 else {
            throw PostgresClusterError("could not run \(executable): \(String(cString: strerror(spawned)))")
        }
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 {
            guard errno == EINTR else {
                throw PostgresClusterError("could not wait for \(executable): \(String(cString: strerror(errno)))")
            }
        }
        let signal = status & 0x7f
        return Outcome(
            status: signal == 0 ? (status >> 8) & 0xff : nil, signal: signal,
            stdout: contents(stdoutFD), stderr: contents(stderrFD))
    }

    private typealias AddPath =
        @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, UnsafePointer<CChar>)
        -> Int32
    private typealias AddFD = @convention(c) (UnsafeMutablePointer<posix_spawn_file_actions_t>, Int32) -> Int32

    /// A libc function that the C library module does not show to Swift (glibc declares them for _GNU_SOURCE only).
    private static func spawnExtension<Function>(_ name: String, as type: Function.Type) -> Function? {
        guard let symbol = dlsym(dlopen(nil, RTLD_NOW), name) else { return nil }
        return unsafeBitCast(symbol, to: type)
    }

    private static func openDescriptors() -> [Int32] {
        ((try? FileManager.default.contentsOfDirectory(atPath: "/dev/fd")) ?? []).compactMap { Int32($0) }
    }

    /// A read-write file without a name, closed on exec (the child gets a `dup2` copy).
    private static func anonymousFile() throws -> Int32 {
        let path = FileManager.default.temporaryDirectory
            .appendingPathComponent("botrunner-pgcmd-\(getpid())-\(UUID().uuidString)").path
        let fd = open(path, O_RDWR | O_CREAT | O_EXCL | O_CLOEXEC, 0o600)
        guard fd >= 0 else {
            throw PostgresClusterError("could not create \(path): \(String(cString: strerror(errno)))")
        }
        unlink(path)
        return fd
    }

    private static func contents(_ fd: Int32) -> String {
        lseek(fd, 0, SEEK_SET)
        let data = FileHandle(fileDescriptor: fd, closeOnDealloc: false).readDataToEndOfFile()
        return String(decoding: data, as: UTF8.self)
    }
}

import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// The write end of the self-pipe the signal handler writes to (-1 before `SignalWatcher.install`).
///
/// `nonisolated(unsafe)`: set once on the installing thread before any handler can run, then only read, from the
/// handler; a plain `Int32` because the handler may call async-signal-safe functions only.
nonisolated(unsafe) private var signalPipe: Int32 = -1
/// Signals received so far; only the handler touches it, with both signals blocked while it runs.
nonisolated(unsafe) private var signalsReceived: Int32 = 0

/// The handler: the first signal wakes the watcher thread; the second ends the process at once.
private func handleStopSignal(_ signal: Int32) {
    signalsReceived += 1
    if signalsReceived > 1 {
        _exit(128 + signal)
    }
    var byte = UInt8(truncatingIfNeeded: signal)
    _ = write(signalPipe, &byte, 1)
}

/// Turns SIGTERM and SIGINT into a call on a watcher thread (the first one) or an immediate exit (the second).
///
/// The handler only writes a byte to a pipe (async-signal-safe); a thread blocked reading the pipe runs
/// `onSignal`, where any work is allowed. Install it once per process, before the server starts.
public enum SignalWatcher {
    /// Installs the handlers for `signals`; `onSignal` runs on the watcher thread with the first signal's number.
    public static func install(
        _ signals: [Int32] = [SIGTERM, SIGINT], onSignal: @escaping @Sendable (Int32) -> Void
    ) throws(SystemError) {
        var ends: [Int32] = [-1, -1]
        try retryingSyscall("pipe") { Int(pipe(&ends)) }
        try Descriptor.setCloseOnExec(ends[0])
        try Descriptor.setCloseOnExec(ends[1])
        signalPipe = ends[1]
        signalsReceived = 0
        let readEnd = ends[0]
        let watcher = Thread {
            var byte: UInt8 = 0
            while true {
                let count = read(readEnd, &byte, 1)
                if count == 1 {
                    onSignal(Int32(byte))
                    return
                }
                if count < 0 && errno == EINTR { continue }
                return
            }
        }
        watcher.name = "signal-watcher"
        watcher.start()
        var action = sigaction()
        action.__sigaction_handler.sa_handler = handleStopSignal
        sigemptyset(&action.sa_mask)
        for signal in signals { sigaddset(&action.sa_mask, signal) }
        action.sa_flags = SA_RESTART
        for signal in signals {
            try retryingSyscall("sigaction") { Int(sigaction(signal, &action, nil)) }
        }
        // A parent may have started us with these signals blocked (Foundation's Process inherits the spawning
        // thread's mask); unblock them here so that this thread, and the threads it starts, receive them.
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        for signal in signals { sigaddset(&unblocked, signal) }
        pthread_sigmask(SIG_UNBLOCK, &unblocked, nil)
    }
}

import ArgumentParser
import Glibc

/// Where the operator tools write. Results go to standard output (so they can be piped and parsed);
/// progress and errors go to standard error, one whole line per `write` so lines from several threads
/// never interleave.
enum Console {
    /// Exit status of a tool that found damage (corruption in a journal or snapshot).
    static let damageFound: Int32 = 1
    /// Exit status of a tool that could not do its work (not a data directory, locked, an I/O error).
    static let cannotRun: Int32 = 2

    static func error(_ line: String) {
        write(STDERR_FILENO, line)
    }

    /// Writes one line to standard output with a single unbuffered `write`, so that a reader sees it at
    /// once and a crash right after it cannot lose it (the torture tool relies on this).
    static func outputNow(_ line: String) {
        write(STDOUT_FILENO, line)
    }

    /// Prints the message to standard error and returns the exit status to throw (ArgumentParser exits
    /// with an `ExitCode` without printing anything more).
    static func fail(_ message: String, status: Int32 = cannotRun) -> ExitCode {
        error("error: \(message)")
        return ExitCode(status)
    }

    private static func write(_ fd: Int32, _ line: String) {
        var text = line
        if !text.hasSuffix("\n") { text += "\n" }
        text.withUTF8 { bytes in
            var done = 0
            while done < bytes.count {
                let n = Glibc.write(fd, bytes.baseAddress! + done, bytes.count - done)
                if n < 0 {
                    if errno == EINTR { continue }
                    return
                }
                done += n
            }
        }
    }
}

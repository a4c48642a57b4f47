import Glibc

enum SystemError {
    /// strerror's text for `code`, without the deprecated C-string initialiser.
    static func text(_ code: Int32) -> String {
        guard let message = strerror(code) else { return "errno \(code)" }
        return String(decoding: UnsafeRawBufferPointer(start: message, count: strlen(message)), as: UTF8.self)
    }
}

import Foundation
import Glibc

/// A temporary directory for the run (configuration, logs, a default data directory), removed at the end.
struct WorkDirectory {
    let path: String

    init() throws {
        var template = Array("/tmp/parley-load.XXXXXX".utf8CString)
        guard let made = mkdtemp(&template) else { throw LoadError("mkdtemp: \(SystemError.text(errno))") }
        path = String(decoding: UnsafeRawBufferPointer(start: made, count: strlen(made)), as: UTF8.self)
        ChildRegistry.shared.addDirectory(path)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
        ChildRegistry.shared.removeDirectory(path)
    }
}

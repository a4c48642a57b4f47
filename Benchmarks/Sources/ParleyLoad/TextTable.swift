/// A plain-text table for stdout: a column of row names, one column per system, then comparison columns (ratios).
struct TextTable {
    static let nameWidth = 28
    static let cellWidth = 24

    private(set) var lines: [String] = []

    init(heading: String) {
        lines = [heading]
    }

    /// One row: `name`, the systems' `cells`, and `extra` (ratios) after them.
    mutating func row(_ name: String, _ cells: [String], extra: [String] = []) {
        var line = name.padding(toLength: Self.nameWidth, withPad: " ", startingAt: 0)
        for cell in cells { line += cell.padding(toLength: Self.cellWidth, withPad: " ", startingAt: 0) }
        let tail = extra.map { $0.padding(toLength: 18, withPad: " ", startingAt: 0) }.joined()
        lines.append((line + tail).trailingWhitespaceRemoved)
    }

    mutating func notes(_ notes: [String]) {
        lines += notes.map { "note: \($0)" }
    }

    var text: String { lines.joined(separator: "\n") }
}

extension String {
    var trailingWhitespaceRemoved: String {
        var s = Substring(self)
        while s.last == " " { s = s.dropLast() }
        return String(s)
    }
}

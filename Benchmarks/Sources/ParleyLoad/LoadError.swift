/// The one error type of the tool: what went wrong, said for the person running it.
struct LoadError: Error, CustomStringConvertible {
    var description: String

    init(_ description: String) {
        self.description = description
    }
}

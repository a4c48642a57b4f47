/// Polls `condition` until it holds, yielding between tries; gives up after `triesMax`. A test asserts on
/// the condition (a count, a watermark), never on how long it took.
func eventually(triesMax: Int = 5000, _ condition: () -> Bool) async -> Bool {
    for _ in 0..<triesMax {
        if condition() { return true }
        try? await Task.sleep(for: .milliseconds(2))
    }
    return condition()
}

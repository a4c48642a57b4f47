@testable import Actors

/// The error an operation ends with, or nil when it succeeds; other error types are a test failure's business
/// and come back as a `corrupt` error naming them, so a comparison of ids still fails loudly.
func chatError(_ body: () async throws -> Void) async -> ChatError? {
    do {
        try await body()
        return nil
    } catch let error as ChatError {
        return error
    } catch {
        return ChatError(.corrupt, id: "test.unexpected_error_type", "\(error)")
    }
}

import Foundation
import Testing
@testable import Server

@Suite struct AppErrorTests {
    @Test func bodyHasMattermostKeysAndTheRequestID() throws {
        let response = AppError.notFound().response(requestID: "abcdefghijklmnopqrstuvwxyz")
        #expect(response.status == 404)
        guard case .bytes(let bytes) = response.body else {
            Issue.record("expected a byte body")
            return
        }
        let object = try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any]
        #expect(object?["id"] as? String == "api.context.404.app_error")
        #expect(object?["request_id"] as? String == "abcdefghijklmnopqrstuvwxyz")
        #expect(object?["status_code"] as? Int == 404)
        #expect(object?["detailed_error"] as? String == "")
        #expect((object?["message"] as? String)?.isEmpty == false)
    }
}

extension JSONWriter {
    /// Mattermost's AppError body. `id`, `message` and `request_id` are always present because
    /// `mattermostautodriver` rejects an error without any of them; `is_oauth` is omitted as Go does.
    mutating func appErrorBody(id: String, message: String, detailedError: String, requestID: String, statusCode: Int) {
        beginObject()
        field("id", id)
        field("message", message)
        field("detailed_error", detailedError)
        field("request_id", requestID)
        field("status_code", statusCode)
        endObject()
    }
}

import Net

extension Router {
    /// Every route Parley serves.
    static func standard(settings: ServerSettings) -> Router {
        var router = Router(defaultBodyBytesMax: settings.requestBodyBytesMax)
        SystemRoutes.register(on: &router)
        return router
    }
}

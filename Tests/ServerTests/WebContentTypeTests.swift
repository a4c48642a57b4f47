import Testing
@testable import Server

@Suite struct WebContentTypeTests {
    @Test(arguments: [
        ("index.html", "text/html; charset=utf-8"),
        ("static/js/app.js", "text/javascript; charset=utf-8"),
        ("static/js/worker.mjs", "text/javascript; charset=utf-8"),
        ("static/css/app.css", "text/css; charset=utf-8"),
        ("static/i18n/pt-br.json", "application/json; charset=utf-8"),
        ("static/favicon.svg", "image/svg+xml"),
        ("static/img/a.png", "image/png"),
        ("static/img/A.PNG", "image/png"),
        ("static/fonts/x.woff2", "font/woff2"),
        ("static/img/a.jpeg", "image/jpeg"),
        ("static/noextension", "application/octet-stream"),
        ("static/.hidden", "application/octet-stream"),
        ("static/x.exe", "application/octet-stream"),
        ("static/js.d/file", "application/octet-stream"),
    ])
    func byExtension(_ path: String, _ type: String) {
        #expect(WebContentType.of(path) == type)
    }
}

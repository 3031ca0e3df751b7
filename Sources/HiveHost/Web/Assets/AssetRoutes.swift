import Crypto
import Hummingbird

/// The bundled stylesheet and script, from Swift string constants: nothing is fetched from a
/// CDN or read from disk at run time.
enum Assets {
    /// A short content hash, for cache-busting `?v=` links.
    static let version: String = {
        let digest = SHA256.hash(data: Array((StyleSheet.text + Script.text).utf8))
        return digest.prefix(6).map { byte in (byte < 16 ? "0" : "") + String(byte, radix: 16) }.joined()
    }()
}

/// `GET /assets/app.css`, `GET /assets/app.js` and `GET /assets/icon.svg` (public, cacheable).
struct AssetRoutes {
    /// The page icon: a hexagon (a hive cell) in the header's yellow, so browsers do not ask for
    /// a missing `/favicon.ico`.
    static let icon = """
        <svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 32 32"><path fill="#facc15" \
        d="M16 2 28.1 9v14L16 30 3.9 23V9z"/><path fill="#1e293b" d="M16 9.5 21.6 12.75v6.5L16 22.5 10.4 19.25v-6.5z"/></svg>
        """

    func register(_ router: Router<WebRequestContext>) {
        router.get("/assets/app.css") { _, _ in Self.asset(StyleSheet.text, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(Script.text, type: "text/javascript; charset=utf-8") }
        router.get("/assets/icon.svg") { _, _ in Self.asset(Self.icon, type: "image/svg+xml") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=86400", .eTag: "\"\(Assets.version)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

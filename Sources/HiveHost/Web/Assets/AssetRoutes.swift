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

/// `GET /assets/app.css` and `GET /assets/app.js` (public, cacheable).
struct AssetRoutes {
    func register(_ router: Router<WebRequestContext>) {
        router.get("/assets/app.css") { _, _ in Self.asset(StyleSheet.text, type: "text/css; charset=utf-8") }
        router.get("/assets/app.js") { _, _ in Self.asset(Script.text, type: "text/javascript; charset=utf-8") }
    }

    static func asset(_ text: String, type: String) -> Response {
        Response(
            status: .ok,
            headers: [.contentType: type, .cacheControl: "public, max-age=86400", .eTag: "\"\(Assets.version)\""],
            body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }
}

import Foundation

/// Text templates for the stock firmware's CGI replies whose layout is not plain compact JSON.
/// Each names the recorded sample (under `shared/firmware-samples/`) it reproduces.
enum AntminerStockTemplates {
    /// lighttpd's 401 page.
    /// From `identification/foreman-cgminer-version/http__cgi-bin_get_network_info.cgi__401-unauthorized.txt`.
    static let unauthorizedPage = """
        <?xml version="1.0" encoding="iso-8859-1"?>
        <!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN"
                 "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">
        <html xmlns="http://www.w3.org/1999/xhtml" xml:lang="en" lang="en">
         <head>
          <title>401 - Unauthorized</title>
         </head>
         <body>
          <h1>401 - Unauthorized</h1>
         </body>
        </html>
        """

    /// lighttpd's 404 page (same layout as its 401 page).
    static let notFoundPage = unauthorizedPage.replacingOccurrences(of: "401 - Unauthorized", with: "404 - Not Found")

    /// The web UI's landing page (synthetic: no recording; only its title matters to anyone).
    static let indexPage = """
        <!DOCTYPE html><html><head><meta charset="utf-8"><title>Antminer</title></head>
        <body><div id="app">antMiner Configuration</div></body></html>
        """

    /// `get_system_info.cgi`: one `"key":"value"` per line, as in
    /// `antminer-stock/s19pro-2020-06/http__cgi-bin_get_system_info.cgi.json` (plus `serinum`, which
    /// `antminer-stock/v2020/http__cgi-bin_get_system_info.cgi.json` and `ks5-pro/…` carry).
    static func systemInfo(_ fields: [(String, String)]) -> String {
        "{\n" + fields.map { "\"\($0.0)\":\"\(escaped($0.1))\"" }.joined(separator: ",\n") + "\n}"
    }

    /// `get_miner_conf.cgi` in the S19 layout: two leading newlines, `" : "` separators, `]\n,`
    /// after the pools. From `antminer-stock/s19-2020-12-sleeping/http__cgi-bin_get_miner_conf.cgi.json`;
    /// with `fanControlUnset`, the `"bitmain-fan-ctrl" : ,` quirk of
    /// `antminer-stock/s19pro-2020-06/http__cgi-bin_get_miner_conf.cgi__unset-fan-ctrl.txt`.
    static func minerConf(
        pools: [(url: String, user: String)], frequency: Int, voltage: Int, workMode: Int, fanControlUnset: Bool
    ) -> String {
        let poolText = pools.map {
            "{\n\"url\" : \"\(escaped($0.url))\",\n\"user\" : \"\(escaped($0.user))\",\n\"pass\" : \"x\"\n}"
        }
        .joined(separator: ",\n")
        let fan =
            fanControlUnset
            ? "\"bitmain-fan-ctrl\" : ,\n\"bitmain-fan-pwm\" : \"\""
            : "\"bitmain-fan-ctrl\" : false,\n\"bitmain-fan-pwm\" : \"100\""
        return """


            {
            "pools" : [
            \(poolText)
            ]
            ,
            "api-listen" : true,
            "api-network" : true,
            "api-groups" : "A:stats:pools:devs:summary:version",
            "api-allow" : "A:0/0,W:*",
            \(fan),
            "bitmain-use-vil" : true,
            "bitmain-freq" : "\(frequency)",
            "bitmain-voltage" : "\(voltage)",
            "bitmain-ccdelay" : "0",
            "bitmain-pwth" : "0",
            "bitmain-work-mode" : "\(workMode)",
            "bitmain-freq-level" : "100"
            }
            """
    }

    private static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\"", with: "\\\"")
    }
}

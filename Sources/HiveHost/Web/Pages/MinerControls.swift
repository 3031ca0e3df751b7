import HiveProtocols

/// The control forms on the Miner page. Every form posts to `/miners/{id}/actions` with the
/// CSRF token; `data-confirm` makes the bundled script ask before sending.
enum MinerControls {
    static func render(_ miner: MinerRecord, context: WebRequestContext) -> String {
        let name = HTML.escape(miner.ip ?? miner.uid)
        let action = "/miners/\(miner.id.rawValue)/actions"
        func button(_ value: String, _ label: String, confirm: String) -> String {
            """
            <form method="post" action="\(action)" data-confirm="\(HTML.escape(confirm))">\(Pages.csrfField(context))\
            <input type="hidden" name="action" value="\(value)"><button type="submit">\(label)</button></form>
            """
        }
        var html = "<section class=\"card controls\"><h2>Controls</h2><div class=\"buttons\">"
        html += button("locate_on", "Locate on", confirm: "Turn the locate light on for \(name)?")
        html += button("locate_off", "Locate off", confirm: "Turn the locate light off for \(name)?")
        html += button("sleep", "Sleep", confirm: "Put \(name) to sleep? It stops hashing.")
        html += button("wake", "Wake", confirm: "Wake \(name)?")
        html += button("reboot", "Reboot", confirm: "Reboot \(name)? It stops hashing for several minutes.")
        html +=
            miner.managed
            ? button(
                "managed_off", "Stop managing", confirm: "Stop PowerHive (and the balancer) from changing \(name)?")
            : button("managed_on", "Manage", confirm: "Let PowerHive (and the balancer) change \(name)?")
        html += "</div><div class=\"buttons\">"
        html += """
            <form method="post" action="\(action)" data-confirm="Set the power target of \(name)?">\(Pages.csrfField(context))\
            <input type="hidden" name="action" value="set_power_target"><label>Power target \
            <input name="watts" type="number" min="1" max="100000" step="1" required> W</label><button type="submit">Set</button></form>
            <form method="post" action="\(action)" data-confirm="Select this preset on \(name)?">\(Pages.csrfField(context))\
            <input type="hidden" name="action" value="select_preset"><label>Preset <input name="preset" maxlength="64" required></label>\
            <button type="submit">Select</button></form>
            <form method="post" action="\(action)" data-confirm="Change the mode of \(name)?">\(Pages.csrfField(context))\
            <input type="hidden" name="action" value="set_mode"><label>Mode <select name="mode">\
            \(PowerMode.Kind.allCases.map { "<option>\($0.rawValue)</option>" }.joined())</select></label>\
            <button type="submit">Set</button></form>
            """
        return html + "</div></section>"
    }
}

import HiveProtocols

/// The web reads on port 8080, in the shapes of `firmware-samples/auradine/v1/http8080__*.json`,
/// filled with the miner's live values.
extension AuradinePersonality {
    /// `{"STATUS":[…], <section>: items, "id": 1}`.
    func envelope(_ section: String, _ items: WireJSON, code: Int, _ message: String, live: LiveReading) -> WireJSON {
        [
            "STATUS": [
                [
                    "Code": .int(code), "Description": .string(Self.description), "Msg": .string(message),
                    "STATUS": "S", "When": .int(live.unixTime),
                ]
            ],
            section: items, "id": 1,
        ]
    }

    /// `GET /ipreport`.
    func ipreport(at local: LocalEndpoint) -> WireJSON {
        let live = miner.reading()
        let model = miner.model.name.hasPrefix("Auradine ") ? String(miner.model.name.dropFirst(9)) : miner.model.name
        let report: WireJSON = [
            "CBSerialNo": .string(miner.serial), "ChassisSerialNo": "000020",
            "HBSerialNo": .array((1...miner.model.chains).map { .string("SIMHB\(miner.serial.suffix(8))\($0)") }),
            "InternalType": "T0", "SerialNo": .string(miner.serial), "command": "ipreport",
            "hostname": .string(miner.hostname), "ip": .string(local.address), "mac": .string(miner.mac.lowercased()),
            "model": .string(model), "version": .string(Self.release),
        ]
        return envelope("IPReport", [report], code: 620, "IP Report", live: live)
    }

    /// `GET /mode`: the configured target and sleep switch.
    func mode(_ live: LiveReading) -> WireJSON {
        let entry: WireJSON = [
            "Mode": "custom", "Power": .int(Self.watts(live.configured)),
            "Sleep": live.configuredAsleep ? "on" : "off",
            "Ths": .int(Int(live.configured.hashrate.terahashesPerSecond.rounded())),
        ]
        let message = "Operating mode: 'custom', sleep: '\(live.configuredAsleep)'"
        return envelope("Mode", [entry], code: 540, message, live: live)
    }

    /// `GET /psu`: strings with units, as FluxOS writes them.
    func psu(_ live: LiveReading) -> WireJSON {
        let watts = live.power.value
        let entry: WireJSON = [
            "FanSpeed1": "4052.00 RPM", "FanSpeed2": "4144.00 RPM",
            "Iin": .string(WireJSON.fixed(watts / 245, digits: 2) + "A"),
            "Iout": .string(WireJSON.fixed(watts * 0.95 / 11.53, digits: 2) + "A"),
            "PoutMax": .string("\(Self.psuMaximum).00W"), "PowerIn": .string(WireJSON.fixed(watts, digits: 2) + "W"),
            "PowerOut": .string(WireJSON.fixed(watts * 0.95, digits: 2) + "W"), "Vin": "245.00V", "Vout": "11.53V",
            "VoutSet": "11.50V",
        ]
        return envelope("PSU", [entry], code: 570, "PSU status", live: live)
    }

    /// `GET /fan`.
    func fan(_ live: LiveReading) -> WireJSON {
        let fans = live.fans.enumerated().map { index, rpm -> WireJSON in
            ["ID": .int(index + 1), "Max": 7700, "Speed": .int(rpm), "Target": .int(rpm / 100 * 100)]
        }
        return envelope("Fan", .array(fans), code: 510, "Total fans: \(fans.count)", live: live)
    }

    /// `GET /temperature`: the control board, then each hash board's sensors and chips.
    func temperature(_ live: LiveReading) -> WireJSON {
        let control: WireJSON = [
            "BoardTemp": [["ID": 0, "Temperature": 35.5]], "ChipTemp": .null, "ID": 0, "Name": "Control Board",
        ]
        let boards = live.chains.map { chain -> WireJSON in
            [
                "BoardTemp": .array(
                    chain.boardTemps.enumerated().map {
                        ["ID": .int($0.offset), "Temperature": .number(Double($0.element))]
                    }
                ),
                "ChipTemp": .array(
                    (0..<chain.chips).map { ["ID": .int($0), "Temperature": .number(Double(chain.chipTemps[$0 % 4]))] }),
                "ID": .int(chain.index + 1), "Name": .string("Hash Board \(chain.index + 1)"),
            ]
        }
        return envelope("Temperature", .array([control] + boards), code: 590, "System temperature", live: live)
    }

    /// `GET /voltage`: per-chip volts (the board voltage over its voltage domains).
    func voltage(_ live: LiveReading) -> WireJSON {
        let boards = live.chains.map { chain -> WireJSON in
            let volts = chain.voltage / 1000 / Double(max(1, chain.chips / max(1, miner.model.chipsPerDomain)))
            return [
                "ChipVoltage": .array((0..<chain.chips).map { ["ID": .int($0), "Voltage": .fixed(volts, digits: 6)] }),
                "ID": .int(chain.index + 1), "Name": .string("Hash Board \(chain.index + 1)"),
            ]
        }
        return envelope("Voltage", .array(boards), code: 630, "System voltage", live: live)
    }

    /// `GET /frequency`: per-chip MHz.
    func frequency(_ live: LiveReading) -> WireJSON {
        let boards = live.chains.map { chain -> WireJSON in
            [
                "ChipFrequency": .array(
                    (0..<chain.chips).map { ["Frequency": .fixed(chain.frequency, digits: 2), "ID": .int($0)] }),
                "ID": .int(chain.index + 1), "Name": .string("Hash Board \(chain.index + 1)"),
            ]
        }
        return envelope("Frequency", .array(boards), code: 640, "System frequency", live: live)
    }

    /// `GET /led`: code 3 while locating, else 2 ("Normal").
    func led(_ live: LiveReading) -> WireJSON {
        let entry: WireJSON = [
            "Code": .int(live.locate ? 3 : 2), "LED1": 1, "LED2": 1, "Msg": live.locate ? "Locate miner" : "Normal",
        ]
        return envelope("LED", [entry], code: 530, "Total LEDs 2", live: live)
    }
}

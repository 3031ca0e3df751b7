public import HiveProtocols

extension DriverRegistry {
    /// The compiled-in drivers, custom firmwares before the stock firmwares they run on.
    ///
    /// Adding a firmware means one line here (and its folder and fixtures). Throws only if two
    /// drivers share an id, which `DriverRegistryTests` rules out for this list.
    public static var builtIn: DriverRegistry {
        get throws {
            try DriverRegistry([
                // Custom firmware first.
                VNishDriver.self,
                BraiinsOSDriver.self,
                LuxOSDriver.self,
                EPICDriver.self,
                // Stock firmware last.
                WhatsminerDriver.self,
                AuradineDriver.self,
                AvalonDriver.self,
                BitaxeDriver.self,
                AntminerStockDriver.self,
            ])
        }
    }
}

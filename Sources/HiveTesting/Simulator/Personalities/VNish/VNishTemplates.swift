/// Fixed VNish bodies.
enum VNishTemplates {
    /// The AnthillOS web UI's page (synthetic: no recording; AnthillOS is the name VNish 1.x's
    /// web UI carries, which is what identification looks for).
    static let webPage = """
        <!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>AnthillOS</title>
        <meta name="viewport" content="width=device-width,initial-scale=1"></head>
        <body><noscript>AnthillOS needs JavaScript.</noscript><div id="app"></div></body></html>
        """

    /// `/api/v1/model` for a model: the S19's recorded body
    /// (`vnish/1.2.6-s19/http__api_v1_model.json`, compacted, key order kept) with the model's
    /// name, chip count and clocks.
    static func model(_ model: SimulatedModel) -> String {
        let short = VNishPersonality.shortName(model)
        return #"{"full_name":"\#(model.name)","model":"\#(short)","algorithm":"sha256d","series":"x19","#
            + #""platform":"xil","install_type":"nand","hr_measure":"GH/s","serial":"N/A","chain":{"#
            + #""chips_per_chain":\#(model.chipsPerChain),"chips_per_domain":\#(model.chipsPerDomain),"#
            + #""num_chains":\#(model.chains),"topology":{"chips":\#(s19Topology),"num_cols":8,"num_rows":10}},"#
            + #""cooling":{"min_fan_pwm":10,"min_target_temp":20,"max_target_temp":90,"#
            + #""fan_min_count":{"min":1,"max":\#(model.fans),"default":\#(model.fans)}},"#
            + #""overclock":{"max_voltage":1535,"min_voltage":1200,"default_voltage":\#(Int(model.voltage / 10)),"#
            + #""max_freq":1000,"min_freq":50,"default_freq":\#(Int(model.frequency)),"warn_freq":850,"#
            + #""max_voltage_stock_psu":1500}}"#
    }

    /// The S19 board's chip layout, as recorded.
    private static let s19Topology =
        "[[16,17,18,19,56,57,58,59],[15,14,21,20,55,54,61,60],[12,13,22,23,52,53,62,63],[11,10,25,24,51,50,65,64],"
        + "[8,9,26,27,48,49,66,67],[7,6,29,28,47,46,69,68],[4,5,30,31,44,45,70,71],[3,2,33,32,43,42,73,72],"
        + "[0,1,34,35,40,41,74,75],[-1,-1,37,36,39,38,-1,-1]]"
}

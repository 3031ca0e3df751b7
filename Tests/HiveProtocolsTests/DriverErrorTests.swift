import HiveProtocols
import Testing

@Suite struct DriverErrorTests {
    @Test(arguments: [
        #"{"token":"abcdef0123456789abcdef0123456789"}"#,
        #"{"pw": "hunter2"}"#,
        "Authorization: Bearer abcdef0123456789",
        #"Digest username="root", realm="antMiner Configuration", response="0a4f113b""#,
        "password=hunter2&user=root",
        #"{"key":"0123456789abcdef0123456789abcdef","description":"PowerHive"}"#,
    ])
    func descriptionNeverContainsSecrets(response: String) {
        let error = DriverError(.authenticationFailed, "login refused", endpoint: "10.0.0.5", response: response)
        let text = error.description
        for secret in ["abcdef0123456789", "hunter2", "0a4f113b", "0123456789abcdef"] {
            #expect(!text.contains(secret), "\(text)")
        }
        #expect(text.contains("10.0.0.5"))
        #expect(text.contains("authentication failed"))
    }

    @Test func harmlessTextSurvives() {
        let error = DriverError(.unexpectedResponse, "bad", response: #"{"bitmain-fan-pwm":"100","miner":"S19"}"#)
        #expect(error.description.contains("bitmain-fan-pwm"))
        #expect(error.description.contains("S19"))
    }

    @Test func longResponsesAreCut() {
        let error = DriverError(.unexpectedResponse, "bad", response: String(repeating: "x", count: 10_000))
        #expect(error.description.count < 400)
    }

    @Test func classifiers() {
        #expect(DriverError(.timedOut, "t").isTransient)
        #expect(DriverError(.unreachable, "t").isTransient)
        #expect(!DriverError(.rejected, "t").isTransient)
        let withContext = DriverError(.rejected, "no").context(driver: "vnish", endpoint: "1.2.3.4")
        #expect(withContext.description.hasPrefix("1.2.3.4 vnish: rejected: no"))
    }

    @Test func credentialsAndSecretsDoNotPrint() {
        let credentials = Credentials(username: "root", password: "hunter2")
        #expect(!"\(credentials)".contains("hunter2"))
        #expect(!String(reflecting: Secret("hunter2")).contains("hunter2"))
        #expect(!"\(HTTPAuth.digest(credentials))".contains("hunter2"))
        #expect(!"\(HTTPAuth.apiKey(header: "x-api-key", key: Secret("k123")))".contains("k123"))
    }
}

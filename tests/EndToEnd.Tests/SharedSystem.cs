using TestSupport;
using Loopback = global::Feedback.Tests.Support;

namespace EndToEnd.Tests;

/// <summary>
/// One distributed system (the three service processes, their databases and one virtual host) and a real SMTP server
/// on loopback, started once for every end-to-end test that neither kills, restarts nor reconfigures a service: three
/// fresh processes per test were the largest avoidable CPU cost of the test run (docs/CI.md). Its settings are the
/// union of what those tests need; none changes what another test sees. The tests sharing it each make their own
/// organisations, activities, referrers and people, and look only at those.
/// </summary>
public sealed class SharedSystem : IAsyncLifetime
{
    public Loopback.LoopbackSmtpServer Smtp { get; } = new();
    public DistributedSystem System { get; private set; } = null!;

    public async Task InitializeAsync() => System = await DistributedSystem.Start(new Dictionary<string, Dictionary<string, string>>
    {
        ["Feedback"] = new()
        {
            ["Feedback__Smtp__Host"] = "127.0.0.1",
            ["Feedback__Smtp__Port"] = Smtp.Port.ToString(),
            ["Feedback__Delivery__PollInterval"] = "00:00:00.200",
            // The letter drop instead of a postal provider: letters are "posted" where a test can read them.
            ["Feedback__LetterDrop__Enabled"] = "true",
            // The tests' webhook receivers listen on loopback over http.
            ["Feedback__Webhooks__AllowInsecureHttp"] = "true",
            ["Feedback__Webhooks__AllowPrivateNetworks"] = "true",
            ["Feedback__ReferralsFhirBaseUrl"] = "{Referrals}/fhir",
        },
        ["Referrals"] = new() { ["Referrals__FeedbackFhirBaseUrl"] = "{Feedback}/fhir" },
    });

    public async Task DisposeAsync()
    {
        await System.DisposeAsync();
        await Smtp.DisposeAsync();
    }
}

[CollectionDefinition(Name)]
public sealed class SharedSystemCollection : ICollectionFixture<SharedSystem>
{
    public const string Name = "One distributed system shared";
}

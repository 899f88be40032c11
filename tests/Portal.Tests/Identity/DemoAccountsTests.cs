using BuildingBlocks.Auth;

namespace Portal.Tests.Identity;

/// <summary>The portal on its own (not the embedded demo): the demo accounts and key only in Development.</summary>
public sealed class DemoAccountsTests
{
    private const string OwnKey = "a-production-key-from-a-secret-0123456789abcdef";

    private static string[] Arguments(string environment, string signingKey, bool seed) =>
    [
        $"--environment={environment}", $"--Auth:SigningKey={signingKey}", $"--Demo:Seed={seed}",
        "--Services:Directory:BaseUrl=http://127.0.0.1:1", "--Services:Referrals:BaseUrl=http://127.0.0.1:1",
        "--Services:Feedback:BaseUrl=http://127.0.0.1:1", "--Database:Provider=Sqlite",
        $"--Database:DataFolder={Path.GetTempPath()}",
    ];

    [Fact]
    public void In_Production_the_portal_refuses_to_seed_the_demo_accounts()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => PortalApp.Build(Arguments("Production", OwnKey, seed: true)));

        Assert.Contains("Demo:Seed", refused.Message);
    }

    [Fact]
    public void In_Production_the_portal_refuses_the_demo_signing_key()
    {
        var refused = Assert.Throws<InvalidOperationException>(() => PortalApp.Build(Arguments("Production", DemoSecrets.SigningKey, seed: false)));

        Assert.Contains("Auth:SigningKey", refused.Message);
    }

    [Fact]
    public async Task In_Development_the_demo_accounts_and_key_are_allowed()
    {
        await using var app = PortalApp.Build(Arguments("Development", DemoSecrets.SigningKey, seed: true));
    }

    [Fact]
    public async Task In_Production_the_portal_builds_with_its_own_key_and_no_demo_accounts()
    {
        await using var app = PortalApp.Build(Arguments("Production", OwnKey, seed: false));
    }
}

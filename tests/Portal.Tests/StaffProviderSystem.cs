using TestIdentityProvider;

namespace Portal.Tests;

/// <summary>
/// The portal as a hub that runs staff sign-in through its own OpenID Connect provider and requires two-factor
/// sign-in for staff who use a password: the embedded default pointed (Oidc:*) at a real OpenIddict provider
/// started on a loopback port, the portal registered there as a confidential client with PKCE.
/// </summary>
public sealed class StaffProviderSystem : PortalSystem
{
    public const string ProviderName = "Test Care Identity";
    private const string ClientId = "community-directory-portal";
    private const string ClientSecret = "portal-tests-client-secret-0123456789";

    public OpenIdProvider Provider { get; private set; } = null!;

    protected override async Task<string[]> BeforeStartAsync()
    {
        Provider = await OpenIdProvider.StartAsync();
        return
        [
            $"--Oidc:Authority={Provider.Url}", $"--Oidc:ClientId={ClientId}", $"--Oidc:ClientSecret={ClientSecret}",
            $"--Oidc:DisplayName={ProviderName}", "--Oidc:RequireHttpsMetadata=false",
            "--Accounts:RequireTwoFactorForStaff=true",
        ];
    }

    protected override async Task AfterStartAsync()
    {
        // The redirect URI names the portal's port, known only once it listens.
        await Provider.RegisterClientAsync(ClientId, ClientSecret, new Uri(new Uri(BaseUrl), "/signin-oidc"));
        // The first sign-in makes the portal read the provider's discovery document and keys, and both sides compile
        // a great deal of code: done once here, so that on a loaded machine no test spends its page timeouts on it.
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false })
        {
            BaseAddress = new Uri(BaseUrl), Timeout = TimeSpan.FromMinutes(3),
        };
        using var challenge = await http.GetAsync("/account/external-sign-in");
        if (challenge.Headers.Location?.ToString().StartsWith(Provider.Url + "connect/authorize", StringComparison.Ordinal) != true)
            throw new InvalidOperationException($"The portal did not send a sign-in to the provider: {(int)challenge.StatusCode} {challenge.Headers.Location}");
    }

    protected override async ValueTask StopMoreAsync()
    {
        if (Provider is not null) await Provider.DisposeAsync();
    }

    public static TestIdentity Identity(string email, bool emailVerified = true) =>
        new($"idp-{Guid.NewGuid():N}", "idp-password-0123", Guid.NewGuid().ToString(), email, emailVerified, "Someone at the provider");
}

[CollectionDefinition(Name)]
public sealed class StaffProviderCollection : ICollectionFixture<StaffProviderSystem>
{
    public const string Name = "portal-staff-provider";
}

using System.Net.Http.Headers;
using BuildingBlocks.Auth;

namespace TestSupport;

/// <summary>Bearer tokens signed with the test key, as the portal would issue them after sign-in.</summary>
public static class TestTokens
{
    public const string SigningKey = "integration-test-signing-key-0123456789-abcdefghij";
    private static readonly TokenIssuer Issuer = new(new AuthSettings { SigningKey = SigningKey }, TimeProvider.System);

    public static string For(string role, Guid? organisationId = null, string? userId = null, string? team = null) =>
        Issuer.Issue(userId ?? $"{role}-{Guid.NewGuid():N}"[..20], $"Test {role}", role, organisationId, team);

    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

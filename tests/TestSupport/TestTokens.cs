using System.Net.Http.Headers;
using BuildingBlocks.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TestSupport;

/// <summary>Bearer tokens signed with the test key, as the portal would issue them after sign-in.</summary>
public static class TestTokens
{
    public const string SigningKey = "integration-test-signing-key-0123456789-abcdefghij";
    private static readonly TokenIssuer Issuer = new(new AuthSettings { SigningKey = SigningKey }, TimeProvider.System);

    public static string For(string role, Guid? organisationId = null, string? userId = null, string? team = null) =>
        Issuer.Issue(userId ?? $"{role}-{Guid.NewGuid():N}"[..20], $"Test {role}", role, organisationId, team);

    /// <summary>Signed with the right key but naming no one (no <c>sub</c>): the services must refuse it.</summary>
    public static string WithoutSubject(string role = Roles.Resident) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
    {
        Issuer = new AuthSettings().Issuer,
        Audience = new AuthSettings().Audience,
        Claims = new Dictionary<string, object> { [ClaimNames.Name] = "Nobody", [ClaimNames.Role] = role },
        Expires = DateTime.UtcNow.AddHours(1),
        SigningCredentials = new SigningCredentials(new AuthSettings { SigningKey = SigningKey }.Key(), SecurityAlgorithms.HmacSha256),
    });

    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

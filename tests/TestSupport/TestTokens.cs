using System.Net.Http.Headers;
using BuildingBlocks.Auth;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace TestSupport;

/// <summary>Bearer tokens signed with the test key, as the portal would issue them after sign-in.</summary>
public static class TestTokens
{
    public const string SigningKey = "integration-test-signing-key-0123456789-abcdefghij";
    private static readonly AuthSettings Settings = new() { SigningKey = SigningKey };
    private static readonly TokenIssuer Issuer = new(Settings, TimeProvider.System);

    /// <param name="tellsWholeTeam">The team's "tell the whole team our referrals' news" setting, as the portal puts it in the token.</param>
    public static string For(string role, Guid? organisationId = null, string? userId = null, string? team = null, bool tellsWholeTeam = false) =>
        Issuer.Issue(userId ?? $"{role}-{Guid.NewGuid():N}"[..20], $"Test {role}", role, organisationId, team, tellsWholeTeam: tellsWholeTeam);

    /// <summary>
    /// A correctly signed, unexpired token with every claim but <c>sub</c>: nobody in particular. The services must
    /// treat its bearer as not signed in, whatever role it claims (TokenIssuer always sets sub, so it cannot make one).
    /// </summary>
    public static string WithoutSubject(string role = Roles.Admin, Guid? organisationId = null, string? team = null)
    {
        var claims = new Dictionary<string, object> { [ClaimNames.Name] = $"Nobody ({role})", [ClaimNames.Role] = role };
        if (organisationId is { } org) claims[ClaimNames.Organisation] = org.ToString();
        if (team is not null) claims[ClaimNames.Team] = team;
        var now = DateTime.UtcNow;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Settings.Issuer,
            Audience = Settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now.AddHours(1),
            SigningCredentials = new SigningCredentials(Settings.Key(), SecurityAlgorithms.HmacSha256),
        });
    }

    public static HttpClient As(this HttpClient client, string token)
    {
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }
}

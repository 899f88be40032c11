using System.Security.Claims;
using System.Text;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace BuildingBlocks.Auth;

public static class Roles
{
    public const string Resident = "resident";
    public const string Practitioner = "practitioner";
    public const string Provider = "provider";
    public const string Curator = "curator";
    public const string Admin = "admin";
    /// <summary>
    /// A service principal, not a person: the portal calling on its own behalf (account mail). Never a role a person
    /// holds; no account in the portal may have it.
    /// </summary>
    public const string Service = "service";
    /// <summary>
    /// Reads insight (demand, referral funnel, outcomes) and nothing else: a council or ICB commissioner. Holds no
    /// organisation, team or curator rights, and never sees a person.
    /// </summary>
    public const string Commissioner = "commissioner";

    /// <summary>The roles with a curator's rights: curators, and admins (who may do all a curator may).</summary>
    public static readonly string[] Curators = [Curator, Admin];

    /// <summary>The roles that may read insight: commissioners, and those with a curator's rights.</summary>
    public static readonly string[] InsightReaders = [Commissioner, Curator, Admin];
}

public static class ClaimNames
{
    public const string Subject = "sub";
    public const string Name = "name";
    public const string Role = "role";
    public const string Organisation = "org";
    public const string Team = "team";
    /// <summary>"true" when the practitioner's team has chosen to hear all of its referrals' news (the team inbox).</summary>
    public const string TeamNews = "team_news";
}

public sealed class AuthSettings
{
    public const string Section = "Auth";
    public string Issuer { get; set; } = "community-directory";
    public string Audience { get; set; } = "community-directory-api";
    /// <summary>HMAC key, at least 32 bytes. Comes from a secret outside the embedded default.</summary>
    public string SigningKey { get; set; } = "";

    public SymmetricSecurityKey Key() => new(Encoding.UTF8.GetBytes(SigningKey));
}

/// <summary>
/// The signed-in caller as the services see it: who, which role, which organisation or team, and whether that team
/// has chosen to be told its referrals' news as a whole (<see cref="ClaimNames.TeamNews"/>).
/// </summary>
public sealed record CurrentUser(string Id, string Name, string Role, Guid? OrganisationId, string? Team, bool TellsWholeTeam = false)
{
    public bool Is(string role) => Role == role;

    public bool IsCurator() => Roles.Curators.Contains(Role);

    /// <summary>Provider staff of <paramref name="organisationId"/>: the one rule for whose organisation a caller acts for.</summary>
    public bool IsStaffOf(Guid organisationId) => Is(Roles.Provider) && OrganisationId == organisationId;

    /// <summary>How a history names the caller: "Sam Curator (curator)".</summary>
    public string InHistory => $"{Name} ({Role})";

    public static CurrentUser? From(ClaimsPrincipal principal)
    {
        var id = principal.FindFirstValue(ClaimNames.Subject);
        if (id is null) return null;
        var team = principal.FindFirstValue(ClaimNames.Team);
        return new CurrentUser(id,
            principal.FindFirstValue(ClaimNames.Name) ?? id,
            principal.FindFirstValue(ClaimNames.Role) ?? Roles.Resident,
            Guid.TryParse(principal.FindFirstValue(ClaimNames.Organisation), out var org) ? org : null,
            team,
            team is not null && principal.FindFirstValue(ClaimNames.TeamNews) == "true");
    }
}

public static class AuthSetup
{
    public static IServiceCollection AddServiceAuth(this IServiceCollection services, IConfiguration configuration)
    {
        var settings = configuration.GetSection(AuthSettings.Section).Get<AuthSettings>() ?? new AuthSettings();
        if (Encoding.UTF8.GetByteCount(settings.SigningKey) < 32)
            throw new InvalidOperationException("Auth:SigningKey must be set to at least 32 bytes.");
        services.AddSingleton(settings);
        services.AddSingleton<TokenIssuer>();

        services.AddAuthentication(JwtBearerDefaults.AuthenticationScheme).AddJwtBearer(options =>
        {
            options.MapInboundClaims = false;
            options.TokenValidationParameters = new TokenValidationParameters
            {
                ValidIssuer = settings.Issuer,
                ValidAudience = settings.Audience,
                IssuerSigningKey = settings.Key(),
                NameClaimType = ClaimNames.Name,
                RoleClaimType = ClaimNames.Role,
                ClockSkew = TimeSpan.FromSeconds(30),
            };
            // Every caller the services know is someone: a signed token without a subject would otherwise be one
            // shared user for whatever it reads or writes (preferences, inbox). Refused, so a protected endpoint
            // answers 401 and an open one treats the caller as not signed in.
            options.Events = new JwtBearerEvents
            {
                OnTokenValidated = context =>
                {
                    if (string.IsNullOrWhiteSpace(context.Principal?.FindFirstValue(ClaimNames.Subject)))
                        context.Fail("The token names no subject (sub).");
                    return Task.CompletedTask;
                },
            };
        });
        services.AddRolePolicies();
        services.AddHttpContextAccessor();
        // Only open endpoints see Anonymous: a token without a subject never authenticates (above).
        services.AddScoped(sp => CurrentUser.From(sp.GetRequiredService<IHttpContextAccessor>().HttpContext?.User ?? new ClaimsPrincipal())
                                 ?? Anonymous);
        return services;
    }

    /// <summary>
    /// One policy per role, named for it, the same in the services and the portal. Provider staff need their
    /// organisation; "curator" admits admins too (<see cref="Roles.Curators"/>), and "commissioner" (reading insight)
    /// admits curators and admins (<see cref="Roles.InsightReaders"/>).
    /// </summary>
    public static IServiceCollection AddRolePolicies(this IServiceCollection services)
    {
        services.AddAuthorizationBuilder()
            .AddPolicy(Roles.Resident, p => p.RequireRole(Roles.Resident))
            .AddPolicy(Roles.Practitioner, p => p.RequireRole(Roles.Practitioner))
            .AddPolicy(Roles.Provider, p => p.RequireRole(Roles.Provider).RequireClaim(ClaimNames.Organisation))
            .AddPolicy(Roles.Curator, p => p.RequireRole(Roles.Curators))
            .AddPolicy(Roles.Admin, p => p.RequireRole(Roles.Admin))
            .AddPolicy(Roles.Commissioner, p => p.RequireRole(Roles.InsightReaders))
            .AddPolicy(Roles.Service, p => p.RequireRole(Roles.Service));
        return services;
    }

    public static readonly CurrentUser Anonymous = new("anonymous", "anonymous", Roles.Resident, null, null);
}

/// <summary>Issues the bearer tokens the services accept. Used by the portal after sign-in, and by tests.</summary>
public sealed class TokenIssuer(AuthSettings settings, TimeProvider clock)
{
    /// <param name="tellsWholeTeam">The team's setting, carried only with a team.</param>
    public string Issue(string userId, string name, string role, Guid? organisationId = null, string? team = null,
        TimeSpan? lifetime = null, bool tellsWholeTeam = false)
    {
        var claims = new Dictionary<string, object>
        {
            [ClaimNames.Subject] = userId, [ClaimNames.Name] = name, [ClaimNames.Role] = role,
        };
        if (organisationId is { } org) claims[ClaimNames.Organisation] = org.ToString();
        if (team is not null) claims[ClaimNames.Team] = team;
        if (team is not null && tellsWholeTeam) claims[ClaimNames.TeamNews] = "true";
        var now = clock.GetUtcNow().UtcDateTime;
        return new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = settings.Issuer,
            Audience = settings.Audience,
            Claims = claims,
            IssuedAt = now,
            NotBefore = now,
            Expires = now + (lifetime ?? TimeSpan.FromHours(8)),
            SigningCredentials = new SigningCredentials(settings.Key(), SecurityAlgorithms.HmacSha256),
        });
    }
}

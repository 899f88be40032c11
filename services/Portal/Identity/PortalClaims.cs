using System.Security.Claims;
using BuildingBlocks.Auth;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Options;

namespace Portal.Identity;

/// <summary>
/// Puts role, organisation, team and the team's news setting into the sign-in cookie, so pages and the API token need
/// no lookup. The cookie's claims are made again at sign-in and at each security stamp check (every 30 minutes by
/// default), so a change of the team's setting reaches its members' tokens within that time.
/// </summary>
public sealed class PortalClaimsFactory(UserManager<PortalUser> users, IOptions<IdentityOptions> options, PortalDb db)
    : UserClaimsPrincipalFactory<PortalUser>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(PortalUser user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        identity.AddClaim(new Claim(ClaimTypes.Role, user.Role));
        identity.AddClaim(new Claim(ClaimNames.Name, user.DisplayName));
        if (user.OrganisationId is { } org) identity.AddClaim(new Claim(ClaimNames.Organisation, org.ToString()));
        if (user.Team is { } team)
        {
            identity.AddClaim(new Claim(ClaimNames.Team, team));
            if (await db.PractitionerTeams.AsNoTracking().AnyAsync(t => t.Id == team && t.TellsWholeTeam))
                identity.AddClaim(new Claim(ClaimNames.TeamNews, "true"));
        }
        if (user.TwoFactorEnabled) identity.AddClaim(new Claim(TwoFactor.EnabledClaim, "true"));
        return identity;
    }
}

public static class PortalPrincipal
{
    public static string? Role(this ClaimsPrincipal user) => user.FindFirstValue(ClaimTypes.Role);
    public static string DisplayName(this ClaimsPrincipal user) => user.FindFirstValue(ClaimNames.Name) ?? user.Identity?.Name ?? "";
    public static bool IsPractitioner(this ClaimsPrincipal user) => user.IsInRole(Roles.Practitioner);
    public static bool IsProvider(this ClaimsPrincipal user) => user.IsInRole(Roles.Provider);
    public static bool IsCurator(this ClaimsPrincipal user) => Roles.Curators.Any(user.IsInRole);
    public static bool IsResident(this ClaimsPrincipal user) => user.IsInRole(Roles.Resident);
}

/// <summary>
/// Every call to a service carries a short-lived bearer token for the signed-in person, signed with the same
/// Auth:SigningKey the services check, carrying role, org, team and the team's news setting. Anonymous visitors call
/// without one.
/// </summary>
public sealed class BearerTokenHandler(IHttpContextAccessor http, TokenIssuer tokens) : DelegatingHandler
{
    protected override Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        var user = http.HttpContext?.User;
        var id = user?.FindFirstValue(ClaimTypes.NameIdentifier);
        if (user?.Identity?.IsAuthenticated == true && id is not null)
        {
            var token = tokens.Issue(id, user.DisplayName(), user.Role() ?? Roles.Resident,
                Guid.TryParse(user.FindFirstValue(ClaimNames.Organisation), out var org) ? org : null,
                user.FindFirstValue(ClaimNames.Team), TimeSpan.FromMinutes(5), user.FindFirstValue(ClaimNames.TeamNews) == "true");
            request.Headers.Authorization = new("Bearer", token);
        }
        return base.SendAsync(request, cancellationToken);
    }
}

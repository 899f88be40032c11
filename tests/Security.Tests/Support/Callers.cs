using BuildingBlocks.Auth;
using TestSupport;

namespace Security.Tests.Support;

/// <summary>Everyone the matrix asks on behalf of, relative to the seeded data (org A's listing, P1's referral).</summary>
public enum Caller
{
    /// <summary>No Authorization header.</summary>
    Anonymous,
    /// <summary>A validly signed admin token with no <c>sub</c>: nobody in particular, so not signed in.</summary>
    NoSubject,
    Resident,
    /// <summary>Practitioner P1 of team T1, who made the seeded referral.</summary>
    Referrer,
    /// <summary>Another practitioner of team T1.</summary>
    TeamColleague,
    /// <summary>A practitioner of team T2.</summary>
    OtherTeamPractitioner,
    /// <summary>A practitioner in no team.</summary>
    NoTeamPractitioner,
    /// <summary>Staff of organisation A, which runs the seeded service.</summary>
    OwnOrgProvider,
    /// <summary>Staff of organisation B.</summary>
    OtherOrgProvider,
    Curator,
    Admin,
    /// <summary>Reads insight only (demand, funnel, outcomes): no organisation, team or curator rights.</summary>
    Commissioner,
    /// <summary>The portal calling as itself (role service, subject "portal"), never as a person: account mail.</summary>
    PortalService,
}

/// <summary>The people and organisations behind the callers, and their tokens.</summary>
public sealed record Parties(Guid OwnOrg, Guid OtherOrg)
{
    public const string ReferrerId = "gp-referrer";
    public const string Team = "team-t1";
    public const string ResidentId = "resident-r1";

    public static readonly IReadOnlyList<Caller> Everyone = Enum.GetValues<Caller>();

    public string? Token(Caller caller) => caller switch
    {
        Caller.Anonymous => null,
        Caller.NoSubject => TestTokens.WithoutSubject(Roles.Admin, OwnOrg, Team),
        Caller.Resident => TestTokens.For(Roles.Resident, null, ResidentId),
        Caller.Referrer => TestTokens.For(Roles.Practitioner, null, ReferrerId, Team),
        Caller.TeamColleague => TestTokens.For(Roles.Practitioner, null, "gp-colleague", Team),
        Caller.OtherTeamPractitioner => TestTokens.For(Roles.Practitioner, null, "gp-other-team", "team-t2"),
        Caller.NoTeamPractitioner => TestTokens.For(Roles.Practitioner, null, "gp-no-team"),
        Caller.OwnOrgProvider => TestTokens.For(Roles.Provider, OwnOrg, "staff-a"),
        Caller.OtherOrgProvider => TestTokens.For(Roles.Provider, OtherOrg, "staff-b"),
        Caller.Curator => TestTokens.For(Roles.Curator, null, "curator-c1"),
        Caller.Admin => TestTokens.For(Roles.Admin, null, "admin-a1"),
        Caller.Commissioner => TestTokens.For(Roles.Commissioner, null, "commissioner-k1"),
        Caller.PortalService => TestTokens.For(Roles.Service, null, "portal"),
        _ => throw new ArgumentOutOfRangeException(nameof(caller)),
    };
}

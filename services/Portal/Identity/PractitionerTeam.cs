using System.Text.RegularExpressions;

namespace Portal.Identity;

/// <summary>
/// Practitioners who share their referrals: a GP practice, a PCN's link-worker team. Its <see cref="Id"/> is a stable
/// slug that every member's token carries as the team claim, which Referrals and Feedback decide rights by
/// (BuildingBlocks.Auth.ReferralRights), so it never changes once the team exists.
/// </summary>
public sealed partial class PractitionerTeam
{
    private PractitionerTeam() { }

    public string Id { get; private set; } = "";
    public string Name { get; private set; } = "";
    public string? LeadUserId { get; private set; }
    public string CreatedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    /// <summary>
    /// "Tell the whole team about our referrals' news": every member's token says so (<c>team_news</c>), Referrals
    /// records it on each referral they make, and Feedback then tells the team's inbox as well as the referrer.
    /// </summary>
    public bool TellsWholeTeam { get; private set; }

    public static PractitionerTeam Create(string name, string createdBy, DateTimeOffset now) => new()
    {
        Id = SlugOf(name), Name = name.Trim(), CreatedBy = createdBy, CreatedAt = now,
    };

    public void AppointLead(string userId) => LeadUserId = userId;

    public bool IsLead(string? userId) => userId is not null && LeadUserId == userId;

    /// <summary>The team's settings are its lead's to change, or an admin's.</summary>
    public bool MayChangeSettings(string? userId, bool isAdmin) => isAdmin || IsLead(userId);

    public void TellWholeTeam(bool tell) => TellsWholeTeam = tell;

    /// <summary>"Cosham Health Centre" becomes "cosham-health-centre".</summary>
    public static string SlugOf(string name) =>
        NotSlug().Replace(name.Trim().ToLowerInvariant(), "-").Trim('-') is { Length: > 0 } slug ? slug[..Math.Min(slug.Length, 60)].Trim('-') : "team";

    [GeneratedRegex("[^a-z0-9]+")]
    private static partial Regex NotSlug();
}

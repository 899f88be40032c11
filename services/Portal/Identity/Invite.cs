using System.Security.Cryptography;
using System.Text;
using BuildingBlocks.Web;

namespace Portal.Identity;

/// <summary>What accepting an invite makes of the account: staff or admin of an organisation, member or lead of a team.</summary>
public enum InviteKind { OrganisationAdmin, OrganisationStaff, TeamLead, TeamMember }

public enum InviteState { Open, Expired, Used, Withdrawn }

/// <summary>
/// A single-use, expiring invitation to join an organisation or a practitioner team. The link carries a random token;
/// only its SHA-256 is stored, so the database (or a backup of it) cannot be used to accept anyone's invite. A plain
/// hash is enough because the token is 256 random bits: there is nothing to guess, unlike a password.
/// </summary>
public sealed class Invite
{
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(7);

    private Invite() { }

    public Guid Id { get; private set; }
    public InviteKind Kind { get; private set; }
    public string Email { get; private set; } = "";
    public Guid? OrganisationId { get; private set; }
    public string? TeamId { get; private set; }
    /// <summary>The organisation's or team's name, for the invitation page and mail.</summary>
    public string JoiningName { get; private set; } = "";
    public string TokenHash { get; private set; } = "";
    public string InvitedBy { get; private set; } = "";
    public DateTimeOffset CreatedAt { get; private set; }
    public DateTimeOffset ExpiresAt { get; private set; }
    public DateTimeOffset? AcceptedAt { get; private set; }
    public string? AcceptedBy { get; private set; }
    public DateTimeOffset? WithdrawnAt { get; private set; }
    /// <summary>Changes on every change, so two people accepting one link at the same moment cannot both succeed.</summary>
    public Guid Version { get; private set; }

    public bool ForOrganisation => Kind is InviteKind.OrganisationAdmin or InviteKind.OrganisationStaff;

    /// <summary>A new invite and the token for its link; the token is not kept anywhere but the mail.</summary>
    public static (Invite Invite, string Token) Issue(InviteKind kind, string email, Guid? organisationId, string? teamId,
        string joiningName, string invitedBy, DateTimeOffset now)
    {
        var isOrganisation = kind is InviteKind.OrganisationAdmin or InviteKind.OrganisationStaff;
        if (isOrganisation != organisationId is not null || isOrganisation == teamId is not null)
            throw new ArgumentException($"A {kind} invite names exactly one {(isOrganisation ? "organisation" : "team")}.");
        var token = Base64Url(RandomNumberGenerator.GetBytes(32));
        var invite = new Invite
        {
            Id = Guid.CreateVersion7(), Kind = kind, Email = NormaliseEmail(email), OrganisationId = organisationId,
            TeamId = teamId, JoiningName = joiningName, TokenHash = HashOf(token), InvitedBy = invitedBy,
            CreatedAt = now, ExpiresAt = now + Lifetime, Version = Guid.NewGuid(),
        };
        return (invite, token);
    }

    public static string HashOf(string token) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(token)));

    public static string NormaliseEmail(string email) => email.Trim().ToLowerInvariant();

    public InviteState StateAt(DateTimeOffset now) =>
        AcceptedAt is not null ? InviteState.Used
        : WithdrawnAt is not null ? InviteState.Withdrawn
        : now >= ExpiresAt ? InviteState.Expired
        : InviteState.Open;

    /// <summary>Uses the invite up; an expired, used or withdrawn one is refused (409) and stays as it was.</summary>
    public void Accept(string userId, DateTimeOffset now)
    {
        EnsureOpen(now);
        AcceptedAt = now;
        AcceptedBy = userId;
        Version = Guid.NewGuid();
    }

    public void Withdraw(DateTimeOffset now)
    {
        EnsureOpen(now);
        WithdrawnAt = now;
        Version = Guid.NewGuid();
    }

    public void EnsureOpen(DateTimeOffset now)
    {
        var state = StateAt(now);
        if (state != InviteState.Open) throw new ConflictException(Refusal(state));
    }

    /// <summary>What the person following the link is told when it no longer works.</summary>
    public static string Refusal(InviteState state) => state switch
    {
        InviteState.Expired => "This invitation has expired. Invitations last 7 days: ask the person who invited you to send a new one.",
        InviteState.Used => "This invitation has already been used. If that was you, sign in. Otherwise ask for a new invitation.",
        InviteState.Withdrawn => "This invitation has been withdrawn. Ask the person who invited you if you think this is wrong.",
        _ => "This invitation can be used.",
    };

    private static string Base64Url(byte[] bytes) => Convert.ToBase64String(bytes).TrimEnd('=').Replace('+', '-').Replace('/', '_');
}

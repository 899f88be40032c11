using System.Security.Claims;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace Portal.Identity;

/// <summary>One change to an account: who did what to whom, when. Admins see them on the users page.</summary>
public sealed class AccountAuditEntry
{
    public Guid Id { get; private set; }
    public DateTimeOffset At { get; private set; }
    public string ActorId { get; private set; } = "";
    public string ActorName { get; private set; } = "";
    /// <summary>One of <see cref="AccountActions"/>.</summary>
    public string Action { get; private set; } = "";
    public string SubjectUserId { get; private set; } = "";
    /// <summary>The account's email at the time, for the admin reading the log (blank once the account is deleted).</summary>
    public string SubjectEmail { get; private set; } = "";
    public string? Detail { get; private set; }

    private AccountAuditEntry() { }

    public AccountAuditEntry(DateTimeOffset at, string actorId, string actorName, string action, PortalUser subject, string? detail)
    {
        Id = Guid.CreateVersion7();
        At = at;
        ActorId = actorId;
        ActorName = actorName;
        Action = action;
        SubjectUserId = subject.Id;
        SubjectEmail = subject.Email ?? "";
        Detail = detail;
    }
}

public static class AccountActions
{
    public const string RoleChanged = "role-changed";
    public const string Locked = "locked";
    public const string Unlocked = "unlocked";
    public const string Deleted = "deleted";
    /// <summary>The first sign-in through the staff provider tied its subject to the account (detail: the provider).</summary>
    public const string ProviderLinked = "provider-linked";
    public const string SignedInThroughProvider = "signed-in-through-provider";
    public const string TwoFactorOn = "two-factor-on";
    public const string TwoFactorOff = "two-factor-off";
    public const string RecoveryCodesRenewed = "recovery-codes-renewed";
}

internal sealed class AccountAuditEntryConfiguration : IEntityTypeConfiguration<AccountAuditEntry>
{
    public void Configure(EntityTypeBuilder<AccountAuditEntry> entry)
    {
        entry.ToTable("account_audit");
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedNever();
        entry.Property(e => e.ActorId).HasMaxLength(450);
        entry.Property(e => e.ActorName).HasMaxLength(AccountRules.MaxNameLength);
        entry.Property(e => e.Action).HasMaxLength(40);
        entry.Property(e => e.SubjectUserId).HasMaxLength(450);
        entry.Property(e => e.SubjectEmail).HasMaxLength(256);
        entry.Property(e => e.Detail).HasMaxLength(200);
        entry.HasIndex(e => e.At);
        entry.HasIndex(e => e.SubjectUserId);
    }
}

/// <summary>Adds an audit row to the portal's unit of work; the caller saves it with the change it records.</summary>
public sealed class AccountAudit(PortalDb db, TimeProvider clock)
{
    public void Record(ClaimsPrincipal actor, string action, PortalUser subject, string? detail = null) =>
        db.Set<AccountAuditEntry>().Add(new AccountAuditEntry(clock.GetUtcNow(),
            actor.FindFirstValue(ClaimTypes.NameIdentifier) ?? "", actor.DisplayName(), action, subject, detail));

    /// <summary>Something the person did to their own account before a sign-in cookie says who they are.</summary>
    public void RecordOwn(PortalUser person, string action, string? detail = null) =>
        db.Set<AccountAuditEntry>().Add(new AccountAuditEntry(clock.GetUtcNow(), person.Id, person.DisplayName, action, person, detail));
}

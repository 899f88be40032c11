using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace FeedbackService.Domain;

/// <summary>Who read which referral's personal data, when and why (attendance, outcomes).</summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public string Actor { get; private set; } = "";
    public string ActorRole { get; private set; } = "";
    public string Action { get; private set; } = "";
    public Guid ReferralId { get; private set; }
    public string Reason { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    private AuditEntry() { }

    public AuditEntry(string actor, string actorRole, string action, Guid referralId, string reason, DateTimeOffset at)
    {
        Actor = actor;
        ActorRole = actorRole;
        Action = action;
        ReferralId = referralId;
        Reason = reason;
        At = at;
    }
}

internal sealed class AuditEntryConfiguration : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> audit)
    {
        audit.ToTable("audit_log");
        audit.HasKey(a => a.Id);
        audit.Property(a => a.Id).ValueGeneratedOnAdd();
        audit.Property(a => a.Actor).HasMaxLength(200);
        audit.Property(a => a.ActorRole).HasMaxLength(30);
        audit.Property(a => a.Action).HasMaxLength(60);
        audit.Property(a => a.Reason).HasMaxLength(200);
        audit.HasIndex(a => a.ReferralId);
    }
}

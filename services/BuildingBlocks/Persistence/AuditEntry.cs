using BuildingBlocks.Auth;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace BuildingBlocks.Persistence;

/// <summary>
/// One read (or export, or erasure) of a referral's personal data: who, which referral, when and why. Every service
/// that holds personal data keeps these in its own database, written by the same SaveChanges as the request.
/// </summary>
public sealed class AuditEntry
{
    public long Id { get; private set; }
    public Guid ReferralId { get; private set; }
    public string UserId { get; private set; } = "";
    public string UserRole { get; private set; } = "";
    public string Action { get; private set; } = "";
    public string Purpose { get; private set; } = "";
    public DateTimeOffset At { get; private set; }

    private AuditEntry() { }

    public AuditEntry(Guid referralId, CurrentUser user, string action, string purpose, DateTimeOffset at)
    {
        ReferralId = referralId;
        UserId = user.Id;
        UserRole = user.Role;
        Action = action;
        Purpose = purpose;
        At = at;
    }
}

/// <summary>The audit log's table (each service names its own).</summary>
public sealed class AuditEntryConfiguration(string table) : IEntityTypeConfiguration<AuditEntry>
{
    public void Configure(EntityTypeBuilder<AuditEntry> entry)
    {
        entry.ToTable(table);
        entry.HasKey(e => e.Id);
        entry.Property(e => e.Id).ValueGeneratedOnAdd();
        entry.Property(e => e.UserId).HasMaxLength(200);
        entry.Property(e => e.UserRole).HasMaxLength(30);
        entry.Property(e => e.Action).HasMaxLength(60);
        entry.Property(e => e.Purpose).HasMaxLength(200);
        entry.HasIndex(e => e.ReferralId);
    }
}
